"""families URLs: case/family pages (families.views.cases, families.views.family) and the records
kept on a case (families.views.records). casefile.urls adds the pages that read every app (the
case page, the chronology, subject access) to this namespace."""

from families import urls_cases, urls_records

app_name = "families"

urlpatterns = [*urls_cases.urlpatterns, *urls_records.urlpatterns]
