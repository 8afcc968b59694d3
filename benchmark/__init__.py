"""The large fictional data set behind `manage.py generate_large_dataset` and
`scripts/benchmark` (docs/performance.md). Nothing here runs in production."""
