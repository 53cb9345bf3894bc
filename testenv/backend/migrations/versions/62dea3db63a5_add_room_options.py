"""add room options

Revision ID: 62dea3db63a5
Revises: 1340c04426b8
Create Date: 2025-06-27 09:04:21.006823

"""

from typing import Sequence, Union

revision: str = "62dea3db63a5"
down_revision: Union[str, None] = "1340c04426b8"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
