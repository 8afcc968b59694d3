"""The site's URLs (ROOT_URLCONF): every app's pages, and the composition layer's own."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casefile import urls_families, views
from edgecare import two_factor, typed_text
from edgecare import views as floor_views
from edgecare.forms import SignInForm
from families import urls as families_urls

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        floor_views.login_not_required(
            auth_views.LoginView.as_view(
                authentication_form=SignInForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/keep-alive/", typed_text.keep_alive, name="keep_alive"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/set-up/", two_factor.setup, name="two_factor_setup"),
    path("healthz", floor_views.healthz, name="healthz"),
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
    path("case-record/", include(("casefile.urls_case_record", "case_record"))),
    path("managers/", include("managers.urls")),
    path("staff/", include("staff.urls")),
    path("admin/", admin.site.urls),
]

# The error pages import no app, so they stay in the floor.
handler403 = "edgecare.views.permission_denied"
handler404 = "edgecare.views.page_not_found"
handler500 = "edgecare.views.server_error"
