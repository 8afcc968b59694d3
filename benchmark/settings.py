"""Settings for `scripts/benchmark` and the tests of the generator only: the production
settings, with the benchmark app installed (its `generate_large_dataset` command) and static
files collected into a throw-away folder (BENCH_STATIC_ROOT) so a benchmark run never writes
into the work tree. Everything else comes from the environment exactly as in production."""

import os

from edgecare.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmark"]  # noqa: F405

STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT  # noqa: F405
