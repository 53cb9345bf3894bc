"""transcript composite index

Revision ID: a9c9c229ee36
Revises: 88d292678ba2
Create Date: 2025-07-15 20:09:40.253018

"""

from typing import Sequence, Union

revision: str = "a9c9c229ee36"
down_revision: Union[str, None] = "88d292678ba2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
