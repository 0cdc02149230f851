"""Downloads of a conversion: code files, single files, zips and runnable projects.

- ``files``: names from the design's name (``safe_stem``) or a stored design's title and version
  (``version_stem``), the code files of a conversion
  (``code_files``, ``split_styles``, ``free_stem``) and what the app offers (``downloads``);
- ``archive``: deterministic zips with safe entry names (``zip_files``, ``safe_entry_name``);
- ``project``: ``project_zip``, a project in one top folder: Vite + React + Tailwind 4
  (``react_project``, pinned versions), ``index.html`` + ``styles.css``, or a static
  HTML + Tailwind page;
- ``tailwind``: HTML + Tailwind with its compiled CSS inline (``compile_tailwind`` runs the
  vendored Tailwind runtime in the headless Chromium of ``converters.render``).
"""

from converters.export.archive import safe_entry_name, zip_files
from converters.export.files import (
    Download,
    code_files,
    downloads,
    free_stem,
    safe_name,
    safe_stem,
    split_styles,
    version_stem,
)
from converters.export.project import project_files, project_zip
from converters.export.react_project import DEPENDENCIES, DEV_DEPENDENCIES, package_json, react_project_files
from converters.export.tailwind import (
    TailwindCompiler,
    compile_tailwind,
    compile_with_own_renderer,
    inline_tailwind,
    static_tailwind_html,
    tailwind_static_html,
    without_tailwind_runtime,
)

__all__ = [
    "DEPENDENCIES",
    "DEV_DEPENDENCIES",
    "Download",
    "TailwindCompiler",
    "code_files",
    "compile_tailwind",
    "compile_with_own_renderer",
    "downloads",
    "free_stem",
    "inline_tailwind",
    "package_json",
    "project_files",
    "project_zip",
    "react_project_files",
    "safe_entry_name",
    "safe_name",
    "safe_stem",
    "split_styles",
    "static_tailwind_html",
    "tailwind_static_html",
    "version_stem",
    "without_tailwind_runtime",
    "zip_files",
]
