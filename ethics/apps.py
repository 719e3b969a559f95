from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EthicsConfig(AppConfig):
    name = "ethics"
    verbose_name = pgettext_lazy("plural", "ประมวลจริยธรรม")
