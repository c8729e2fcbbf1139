from hjp.referrals.views import public

app_name = "self_referral"

urlpatterns = [*public.urlpatterns]
