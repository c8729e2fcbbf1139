"""The period picker and the coordinator's filters, read from the query string."""

import datetime

from dateutil.relativedelta import relativedelta
from django import forms

from hjp.core import nhsuk_forms as nhsuk
from hjp.partnerships.models import AdviceArea

PERIOD_REQUIRED = "Select a period"
END_BEFORE_START = "The end of the period must be after its start"
CUSTOM_DATES_NEEDED = "Enter the start and end of the period"
PERIOD_TOO_LONG = "A period can be at most 5 years"
CUSTOM = "custom"


def financial_year_start(today: datetime.date) -> datetime.date:
    """1 April of the NHS financial year `today` falls in."""
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1)


def preset_periods(today: datetime.date) -> dict[str, tuple[str, datetime.date, datetime.date]]:
    """Named periods: this and last financial year, the last 12 months, and recent quarters."""
    this_year = financial_year_start(today)
    periods = {
        "this_year": (
            f"This financial year ({this_year.year} to {this_year.year + 1})",
            this_year,
            this_year + relativedelta(years=1, days=-1),
        ),
        "last_year": (
            f"Last financial year ({this_year.year - 1} to {this_year.year})",
            this_year - relativedelta(years=1),
            this_year - relativedelta(days=1),
        ),
        "last_12_months": ("The last 12 months", today - relativedelta(years=1, days=-1), today),
    }
    quarter_start = this_year + relativedelta(months=3 * ((today - this_year).days // 92))
    while quarter_start > today:
        quarter_start -= relativedelta(months=3)
    for back in range(4):
        start = quarter_start - relativedelta(months=3 * back)
        end = start + relativedelta(months=3, days=-1)
        periods[f"quarter_{start:%Y_%m}"] = (f"{start:%B %Y} to {end:%B %Y}", start, end)
    return periods


class PeriodForm(nhsuk.NhsukForm):
    period = nhsuk.ChoiceField(
        label="Period",
        widget=forms.RadioSelect,
        error_messages={"required": PERIOD_REQUIRED, "invalid_choice": PERIOD_REQUIRED},
    )
    start = nhsuk.DatePartsField(label="Start of the period", required=False)
    end = nhsuk.DatePartsField(label="End of the period", required=False)
    site = nhsuk.ChoiceField(label="Site", required=False)
    advice_area = nhsuk.ChoiceField(label="Advice area", required=False)

    def __init__(self, data, *, today: datetime.date, sites=None):
        super().__init__(data)
        self.presets = preset_periods(today)
        self.fields["period"].choices = [(k, v[0]) for k, v in self.presets.items()] + [
            (CUSTOM, "Another period")
        ]
        if sites is None:
            del self.fields["site"], self.fields["advice_area"]
        else:
            self.sites = {str(site.pk): site for site in sites}
            self.fields["site"].choices = [("", "All sites")] + [
                (key, site.name) for key, site in self.sites.items()
            ]
            self.fields["advice_area"].choices = [("", "All advice areas"), *AdviceArea.choices]

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                if not self.errors:
                    self.add_error("start", CUSTOM_DATES_NEEDED)
                return data
            if end < start:
                self.add_error("end", END_BEFORE_START)
            elif (end - start).days > 5 * 366:
                self.add_error("end", PERIOD_TOO_LONG)
        return data

    def period_dates(self) -> tuple[datetime.date, datetime.date]:
        period = self.cleaned_data["period"]
        if period == CUSTOM:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        _, start, end = self.presets[period]
        return start, end

    def site_id(self):
        key = self.cleaned_data.get("site") or ""
        return self.sites[key].pk if key else None
