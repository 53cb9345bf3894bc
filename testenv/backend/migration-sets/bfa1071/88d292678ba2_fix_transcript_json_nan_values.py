"""fix_transcript_json_nan_values

Revision ID: 88d292678ba2
Revises: 2cf0b60a9d34
Create Date: 2025-07-15 19:30:19.876332

"""

from typing import Sequence, Union

revision: str = "88d292678ba2"
down_revision: Union[str, None] = "2cf0b60a9d34"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
