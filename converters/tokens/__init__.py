"""Design tokens: a result's colours, type scale, weights, spacing and radii as one small theme.

- ``theme``: the ``Theme`` and how it is written (Tailwind ``@theme``, ``:root``, W3C JSON, a
  CSS file);
- ``colours``: merging colours the eye cannot tell apart and naming them by role;
- ``scales``: the type scale, weights, spacing steps and radii;
- ``code``: the theme a result's code declares (or, without one, what its literals amount to),
  and where a React component carries its theme;
- ``literals``, ``utilities``: a model's answer brought into the theme's shape where that is
  safe (its stylesheet's hex colours; its Tailwind classes' arbitrary hex colours).

Target-independent and below every user: the offline engine builds its theme here, the preview
and the export read a React result's theme block, the app shows any result's theme.
"""

from converters.tokens.code import (
    code_theme,
    react_theme_block,
    split_react_theme,
    with_react_theme,
)
from converters.tokens.colours import MERGE_DELTA_E, ColourUse, cluster_colours, delta_e
from converters.tokens.literals import in_theme_shape, tokenise_css_colours
from converters.tokens.scales import (
    FULL_RADIUS_PX,
    font_scale,
    radius_scale,
    spacing_scale,
    weight_scale,
)
from converters.tokens.theme import (
    SPACING_STEP_PX,
    ColourToken,
    DimensionToken,
    SizeToken,
    Theme,
    root_css,
    tailwind_theme_css,
    theme_file_css,
    tokens_json,
)
from converters.tokens.utilities import tokenise_class_colours

__all__ = [
    "FULL_RADIUS_PX",
    "MERGE_DELTA_E",
    "SPACING_STEP_PX",
    "ColourToken",
    "ColourUse",
    "DimensionToken",
    "SizeToken",
    "Theme",
    "cluster_colours",
    "code_theme",
    "delta_e",
    "font_scale",
    "in_theme_shape",
    "radius_scale",
    "react_theme_block",
    "root_css",
    "spacing_scale",
    "split_react_theme",
    "tailwind_theme_css",
    "theme_file_css",
    "tokenise_class_colours",
    "tokenise_css_colours",
    "tokens_json",
    "weight_scale",
    "with_react_theme",
]
