from hjp.referrals.views import inbox, sent, submit

app_name = "referrals"

urlpatterns = [*submit.urlpatterns, *inbox.urlpatterns, *sent.urlpatterns]
