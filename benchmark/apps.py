from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    """The benchmark's data generator. Installed only by benchmark.settings: never in
    production, never on a live database."""

    name = "benchmark"
    verbose_name = "Benchmark data generator"
