"""How the OpenAPI schema describes the service accounts' token (loaded by ApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ServiceAccountTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ServiceAccountTokenAuthentication"
    name = "serviceAccountToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A service account's token, shown once when it was created.",
        }
