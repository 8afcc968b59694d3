from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from edgecare import two_factor, views
from edgecare.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        views.login_not_required(
            auth_views.LoginView.as_view(
                authentication_form=SignInForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/set-up/", two_factor.setup, name="two_factor_setup"),
    path("healthz", views.healthz, name="healthz"),
    path("families/", include("families.urls")),
    path("assessments/", include("assessments.urls")),
    path("plans/", include("plans.urls")),
    path("reviews/", include("reviews.urls")),
    path("case-record/", include(("reviews.urls_case_record", "case_record"))),
    path("managers/", include("managers.urls")),
    path("staff/", include("staff.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "edgecare.views.permission_denied"
handler404 = "edgecare.views.page_not_found"
handler500 = "edgecare.views.server_error"
