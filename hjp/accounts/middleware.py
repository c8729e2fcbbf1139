"""Set `request.actor` once per request from what the session keeps (no membership query)."""

from hjp.accounts.actor import SESSION_KEY, Actor, resolve_actor

CHOSEN_MEMBERSHIP_KEY = "hjp_membership_id"


def actor_for_request(request) -> Actor:
    """The actor the session holds, rebuilt from the memberships only when they have changed."""
    user = request.user
    if not user.is_authenticated:
        return Actor.anonymous()
    actor = Actor.from_session_data(user, request.session.get(SESSION_KEY))
    if actor is None:
        actor = resolve_actor(user, request.session.get(CHOSEN_MEMBERSHIP_KEY))
        remember_actor(request, actor)
    return actor


def remember_actor(request, actor: Actor) -> None:
    """Keep the actor in the session for the requests that follow."""
    request.session[SESSION_KEY] = actor.session_data(request.user.access_version)
    if actor.membership_id:
        request.session[CHOSEN_MEMBERSHIP_KEY] = str(actor.membership_id)


class ActorMiddleware:
    """Attach the actor of the logged-in user (or an anonymous one) to the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = actor_for_request(request)
        return self.get_response(request)
