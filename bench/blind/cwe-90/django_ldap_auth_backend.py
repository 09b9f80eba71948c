import ldap
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import User


class LdapBackend(BaseBackend):
    def _find_dn(self, conn, username: str) -> str | None:
        query = "(&(objectClass=inetOrgPerson)(sAMAccountName=%s))" % username
        results = conn.search_s(settings.LDAP_BASE_DN, ldap.SCOPE_SUBTREE, query, ["dn"])
        return results[0][0] if results else None

    def authenticate(self, request, username=None, password=None):
        conn = ldap.initialize(settings.LDAP_URI)
        conn.simple_bind_s(settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD)
        dn = self._find_dn(conn, username)
        if dn is None:
            return None
        try:
            ldap.initialize(settings.LDAP_URI).simple_bind_s(dn, password)
        except ldap.INVALID_CREDENTIALS:
            return None
        user, _ = User.objects.get_or_create(username=username)
        return user
