from hjp.accounts.models import Membership, Role
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission
from hjp.accounts.rules import has_permission
from hjp.factories import UserFactory, actor_for


def test_every_permission_is_in_the_role_table():
    assert set(ROLE_PERMISSIONS) == set(Permission)


def test_a_user_without_a_membership_holds_no_permission(db):
    user = UserFactory()
    assert not any(has_permission(actor_for(user), permission) for permission in Permission)


def test_a_superuser_flag_never_grants_access_to_people(world):
    admin = world.user("admin")
    admin.is_superuser = True
    admin.save()
    assert not has_permission(actor_for(admin), Permission.VIEW_PEOPLE)
    assert not has_permission(actor_for(admin), Permission.VIEW_AUDIT)


def test_roles_hold_exactly_what_the_table_says(world):
    for role in Role:
        user = world.user(role.value)
        for permission, roles in ROLE_PERMISSIONS.items():
            if permission in (Permission.VIEW_PARTNERSHIP, Permission.MANAGE_PARTNERSHIP):
                continue
            assert has_permission(actor_for(user), permission) == (role in roles), (
                role,
                permission,
            )


def test_partnership_permissions_need_membership_of_that_partnership(world, other_world):
    coordinator = world.user("coordinator")
    assert has_permission(actor_for(coordinator), Permission.MANAGE_PARTNERSHIP, world.partnership)
    assert not has_permission(
        actor_for(coordinator), Permission.MANAGE_PARTNERSHIP, other_world.partnership
    )


def test_a_deactivated_membership_grants_nothing(world):
    adviser = world.user("adviser")
    Membership.objects.filter(user=adviser).update(is_active=False)
    adviser = type(adviser).objects.get(pk=adviser.pk)
    assert not has_permission(actor_for(adviser), Permission.VIEW_PEOPLE)
