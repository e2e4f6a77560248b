/*
 * adapter.c: what every one-source combinator shares, its block and its
 * drop. A combinator is built in one allocation, the concrete struct with
 * the header below as its first member; it never allocates per item.
 */
#include "adapter.h"

#include "diag.h"
#include "mem.h"

void *adapter_new(size_t size, const struct stream_vtable *proto, struct stream *source,
		  value_drop_fn drop_item)
{
	CONTRACT(source != NULL, "a %s combinator needs a source stream, got NULL", proto->name);
	struct adapter *ad = mem_alloc(size);
	if (ad == NULL)
		return NULL; /* the source was not touched: still the caller's */
	ad->vtable = *proto;
	ad->vtable.drop_item = drop_item;
	stream_init(&ad->base, &ad->vtable);
	ad->source = source;
	return ad;
}

void adapter_drop(struct stream *self)
{
	struct adapter *ad = container_of(self, struct adapter, base);
	stream_drop(ad->source); /* with every item it still holds */
	mem_free(ad);
}

void adapter_source_hint(const struct stream *self, struct size_hint *hint)
{
	const struct adapter *ad = container_of(self, const struct adapter, base);
	stream_size_hint(ad->source, hint);
}
