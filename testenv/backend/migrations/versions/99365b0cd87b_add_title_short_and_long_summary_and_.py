"""add_title/short_and_long_summary_and_remove_summary

Revision ID: 99365b0cd87b
Revises: b3df9681cae9
Create Date: 2023-09-01 20:19:47.216334

"""

from typing import Sequence, Union

revision: str = "99365b0cd87b"
down_revision: Union[str, None] = "b3df9681cae9"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
