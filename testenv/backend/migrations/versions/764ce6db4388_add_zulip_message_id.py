"""Add zulip message id

Revision ID: 764ce6db4388
Revises: 62dea3db63a5
Create Date: 2024-09-06 14:02:06.649665

"""

from typing import Sequence, Union

revision: str = "764ce6db4388"
down_revision: Union[str, None] = "62dea3db63a5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
