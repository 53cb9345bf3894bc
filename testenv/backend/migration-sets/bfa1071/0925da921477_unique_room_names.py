"""Unique room names

Revision ID: 0925da921477
Revises: 764ce6db4388
Create Date: 2024-09-24 16:12:56.944133

"""

from typing import Sequence, Union

revision: str = "0925da921477"
down_revision: Union[str, None] = "764ce6db4388"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
