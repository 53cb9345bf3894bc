"""fix transcript duration type

Revision ID: 2cf0b60a9d34
Revises: ccd68dc784ff
Create Date: 2025-07-15 16:53:40.397394

"""

from typing import Sequence, Union

revision: str = "2cf0b60a9d34"
down_revision: Union[str, None] = "ccd68dc784ff"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
