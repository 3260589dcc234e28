"""Anonymous rate limits per client address: the address nginx saw (the same one
the login throttle uses), not the proxy's."""

from rest_framework.throttling import AnonRateThrottle

from institute.client_ip import client_ip


class ClientAddressThrottle(AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)
