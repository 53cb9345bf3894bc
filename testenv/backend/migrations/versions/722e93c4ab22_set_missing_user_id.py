"""Set missing user id

Revision ID: 722e93c4ab22
Revises: a7122bc0b2ca
Create Date: 2024-10-08 12:08:46.844673

"""

from typing import Sequence, Union

revision: str = "722e93c4ab22"
down_revision: Union[str, None] = "a7122bc0b2ca"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
