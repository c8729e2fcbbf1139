"""Attach the membership chosen in the session to the logged-in user."""

from hjp.accounts.membership import SESSION_KEY, act_as


class CurrentMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            act_as(request.user, request.session.get(SESSION_KEY))
        return self.get_response(request)
