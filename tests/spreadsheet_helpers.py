"""Reading downloads in tests: the file name a browser saves a download as."""

import datetime
from urllib.parse import unquote


def download_filename(response) -> str:
    """The file name of a download, decoded from Content-Disposition's filename*=utf-8''..."""
    disposition = response["Content-Disposition"]
    if "filename*=" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def buddhist_date(day: datetime.date) -> str:
    """ "2568-01-15": how export file names write a day."""
    return f"{day.year + 543}-{day.month:02d}-{day.day:02d}"
