#!/usr/bin/env bash
# setup.sh: Gradescope runs this once, as root, when it builds the autograder's
# image; the autograder.zip is unpacked in /autograder/source (this folder).
# It installs what building and running the suites needs, from the
# distribution's packages.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential make libcmocka-dev valgrind python3
tools/ensure-deps check # whatever else `make`'s deps target asks for
chmod +x run_autograder tools/grade
