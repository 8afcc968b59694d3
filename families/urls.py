"""families URLs: case/family pages (families.views.cases, families.views.family) and the records
kept on a case (families.views.records, families.views.chronology)."""

from families import urls_cases, urls_records

app_name = "families"

urlpatterns = [*urls_cases.urlpatterns, *urls_records.urlpatterns]
