# The URL matrix's records (one of everything a page can be opened on) serve every walk of the
# resolver in this directory.
from tests.security.test_url_permission_matrix import records  # noqa: F401
