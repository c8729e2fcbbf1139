from hjp.referrals.views import actions, inbox, sent, submit

app_name = "referrals"

urlpatterns = [*submit.urlpatterns, *inbox.urlpatterns, *actions.urlpatterns, *sent.urlpatterns]
