"""The admin site for organisations and partnerships (no person-level data is registered)."""

from django import forms
from django.contrib import admin

from hjp.accounts.admin import AuditedAdmin
from hjp.accounts.services import note_organisation_access_changed
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site
from hjp.partnerships.services import MULTI_CHOICE_SETTINGS


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "ods_code", "charity_number", "company_number", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "ods_code")
    ordering = ("name",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # Members act for it under its name and kind, and only while it is switched on.
            note_organisation_access_changed(by=request.actor, organisation_id=obj.pk)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Organisations are switched off, never removed: the audit trail and history refer to them.
        return False


class PartnershipAdminForm(forms.ModelForm):
    """Tick boxes for the multi-choice settings instead of raw JSON."""

    class Meta:
        model = Partnership
        fields = [
            "name",
            "description",
            *MULTI_CHOICE_SETTINGS,
            "first_contact_target_days",
            "contact_attempts_before_closing",
            "disclosure_threshold",
            "disclosure_rounding",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in MULTI_CHOICE_SETTINGS.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=Partnership._meta.get_field(name).verbose_name.capitalize(),
                choices=choices.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    fields = ("organisation", "part", "joined_on", "left_on")
    autocomplete_fields = ("organisation",)
    extra = 0
    can_delete = False


class SiteInline(admin.TabularInline):
    model = Site
    fields = ("name", "kind", "organisation", "postcode", "is_active")
    autocomplete_fields = ("organisation",)
    extra = 0
    can_delete = False


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    form = PartnershipAdminForm
    list_display = ("name", "is_active", "first_contact_target_days", "disclosure_threshold")
    list_filter = ("is_active",)
    search_fields = ("name",)
    inlines = [PartnershipMemberInline, SiteInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A partnership is switched off rather than removed, so its history and reports survive.
        return False
