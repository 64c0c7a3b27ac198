"""The thin adapter to MkDocs: run the pipeline, hand the pages to MkDocs.

`mkdocs build` stops before writing anything when the content has errors; `mkdocs serve`
shows them on an error page instead and keeps running, so the preview returns as soon as
the editor fixes the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .diagnostics import Report, Severity
from .pipeline import read_content
from .render import RenderedSite, render_error_site, render_site

log = get_plugin_logger(__name__)


class KunskapsstodConfig(Config):
    content_dir = config_options.Type(str, default="content")
    """The folder with the YAML content, relative to mkdocs.yml."""
    templates_dir = config_options.Type(str, default="overrides/kunskapsstod")
    """Templates here override the packaged page templates of the same name."""


class KunskapsstodPlugin(BasePlugin[KunskapsstodConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.site: RenderedSite | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        content_dir = root / self.config.content_dir
        if self.serving and str(content_dir) not in config.watch:
            config.watch.append(str(content_dir))
        self.site = build_pages(
            content_dir,
            template_dirs=[root / self.config.templates_dir],
            directory_urls=config.use_directory_urls,
            serving=self.serving,
        )
        # Generated sections first, then the hand-written pages that mkdocs.yml lists.
        config.nav = self.site.nav + list(config.nav or [])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for path, text in sorted(self.site.pages.items()):
            existing = files.get_file_from_path(path)
            if existing is not None:
                if existing.generated_by is None:
                    raise PluginError(
                        f"docs/{path} finns redan, men sidan skapas från innehållet. "
                        "Ta bort eller byt namn på filen i docs/."
                    )
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
        return files


def build_pages(content_dir: Path, *, template_dirs: list[Path], directory_urls: bool,
                serving: bool) -> RenderedSite:
    """Run the pipeline; errors stop a build but become an error page while serving."""
    graph, report = read_content(content_dir)
    _log_report(report)
    if graph is None:
        if serving:
            log.error(report.summary() + " Förhandsvisningen visar felen tills de är rättade.")
            return render_error_site(report)
        raise PluginError(
            f"Innehållet i {content_dir.name}/ har fel; inga sidor byggdes. {report.summary()}"
        )
    return render_site(graph, template_dirs, directory_urls)


def _log_report(report: Report) -> None:
    for diagnostic in report.sorted():
        if diagnostic.severity == Severity.ERROR:
            log.error(str(diagnostic))
        else:
            log.warning(str(diagnostic))


