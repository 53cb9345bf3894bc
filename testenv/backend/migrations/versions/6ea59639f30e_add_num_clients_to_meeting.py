"""add num_clients to meeting

Revision ID: 6ea59639f30e
Revises: b469348df210
Create Date: 2024-12-24 10:50:03.109729

"""

from typing import Sequence, Union

revision: str = "6ea59639f30e"
down_revision: Union[str, None] = "b469348df210"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
