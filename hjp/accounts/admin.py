"""The admin site for users and their roles; every change made here is audited like any other."""

from axes.utils import reset as lift_log_in_pause
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjp.accounts import second_factor
from hjp.accounts.models import Membership, User
from hjp.accounts.services import note_access_changed
from hjp.audit import services as audit

EMAIL_TAKEN = "A user with this email address already exists"


class AuditedAdmin(admin.ModelAdmin):
    """Put admin-site changes in the audit trail, naming the fields changed, not their values."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = audit.Action.UPDATE if change else audit.Action.CREATE
        audit.record(request.actor, action, obj, detail={"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        audit.record(request.actor, audit.Action.DELETE, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(request.actor, audit.Action.DELETE, obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                audit.record(request.actor, audit.Action.DELETE, deleted.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit.record(request.actor, audit.Action.CREATE, obj)
        for obj, fields in formset.changed_objects:
            audit.record(request.actor, audit.Action.UPDATE, obj, detail={"fields": sorted(fields)})


class UserCreationForm(auth_forms.AdminUserCreationForm):
    """A new user: email, name and a password checked by the configured password validators."""

    class Meta:
        model = User
        fields = ("email", "full_name", "job_title")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(EMAIL_TAKEN, code="unique")
        return email


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(EMAIL_TAKEN, code="unique")
        return email


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("organisation", "role", "is_active")
    autocomplete_fields = ("organisation",)
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdmin, auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name", "job_title")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "job_title",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "full_name", "job_title", "is_active", "is_staff", "is_superuser")
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__role")
    search_fields = ("email", "full_name")
    ordering = ("full_name",)
    inlines = [MembershipInline]
    actions = ["reset_second_factor", "log_out_everywhere", "lift_pause"]

    @admin.action(description="Reset log-in security (they set up their authenticator again)")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor.reset(user, by=request.actor)
        self.message_user(
            request,
            f"Log-in security reset for {len(queryset)} user(s); they are logged out everywhere "
            "and set up an authenticator app at their next log-in.",
            messages.SUCCESS,
        )

    @admin.action(description="Log out everywhere")
    def log_out_everywhere(self, request, queryset):
        for user in queryset:
            second_factor.log_out_everywhere(user, by=request.actor)
        self.message_user(
            request, f"{len(queryset)} user(s) logged out everywhere.", messages.SUCCESS
        )

    @admin.action(description="Lift a pause on logging in after failed attempts")
    def lift_pause(self, request, queryset):
        for user in queryset:
            lift_log_in_pause(username=user.email)
            audit.record(
                request.actor, audit.Action.UPDATE, user, detail={"log_in_pause": "lifted"}
            )
        self.message_user(request, f"Log-in pause lifted for {len(queryset)} user(s).")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            # A role added, changed or ended here takes effect on the user's next request.
            note_access_changed(by=request.actor, user_ids=[form.instance.pk])

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            audit.record(request.actor, audit.Action.UPDATE, user, detail={"fields": ["password"]})
        return response


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__email", "user__full_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")

    def save_model(self, request, obj, form, change):
        previous_user_id = Membership.objects.filter(pk=obj.pk).values_list("user_id", flat=True)
        user_ids = {obj.user_id, *previous_user_id}
        super().save_model(request, obj, form, change)
        note_access_changed(by=request.actor, user_ids=user_ids)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        note_access_changed(by=request.actor, user_ids=[obj.user_id])

    def delete_queryset(self, request, queryset):
        user_ids = list(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        note_access_changed(by=request.actor, user_ids=user_ids)


# Authenticator keys and recovery codes are never shown or edited in the admin: an admin resets
# a user's log-in security instead (above), and the user enrols again.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
