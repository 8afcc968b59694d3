"""The site's URLs (ROOT_URLCONF): every app's pages, and the composition layer's own."""

from django.contrib import admin
from django.urls import include, path

from casefile import urls_families, views
from edgecare import document_views, oidc, sign_in, two_factor, typed_text
from edgecare import views as floor_views
from families import urls as families_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", sign_in.SignInView.as_view(), name="login"),
    path("accounts/logout/", oidc.sign_out, name="logout"),
    path("accounts/sign-in/council/", oidc.SignInWithProvider.as_view(), name="oidc_sign_in"),
    path("accounts/sign-in/council/callback/", oidc.provider_callback, name="oidc_callback"),
    path("accounts/keep-alive/", typed_text.keep_alive, name="keep_alive"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/set-up/", two_factor.setup, name="two_factor_setup"),
    path("livez", floor_views.livez, name="livez"),
    path("readyz", floor_views.readyz, name="readyz"),
    path("healthz", floor_views.readyz, name="healthz"),
    # Documents made in the background, for the person who asked (edgecare.document_views).
    path("documents/<uuid:document_id>/", document_views.document_status, name="document_status"),
    path(
        "documents/<uuid:document_id>/download/",
        document_views.document_download,
        name="document_download",
    ),
    # One namespace, "families", for the families app's pages and the case page, chronology and
    # subject access composed here: a namespace resolves to one URLconf, so they are joined.
    path(
        "families/",
        include(
            (
                [*families_urls.urlpatterns, *urls_families.urlpatterns],
                families_urls.app_name,
            )
        ),
    ),
    path("assessments/", include("assessments.urls")),
    path("plans/", include("plans.urls")),
    path("reviews/", include("reviews.urls")),
    path("documents/", include("attachments.urls")),
    path("case-record/", include(("casefile.urls_case_record", "case_record"))),
    path("managers/", include("managers.urls")),
    path("staff/", include("staff.urls")),
    path("imports/", include("imports.urls")),
    path("admin/", admin.site.urls),
]

# The error pages import no app, so they stay in the floor.
handler403 = "edgecare.views.permission_denied"
handler404 = "edgecare.views.page_not_found"
handler500 = "edgecare.views.server_error"
