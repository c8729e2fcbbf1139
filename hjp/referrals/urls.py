from hjp.referrals.views import actions, inbox, phone, sent, submit

app_name = "referrals"

urlpatterns = [
    *submit.urlpatterns,
    *phone.urlpatterns,
    *inbox.urlpatterns,
    *actions.urlpatterns,
    *sent.urlpatterns,
]
