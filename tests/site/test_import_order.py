"""Imports between features go one way, in the order cocreate/features.py declares (LAYERS): a
feature imports core modules and the features below it, never one above it, and core modules
import no feature. Imports inside functions count too, so no cycle can hide there."""

import ast
from pathlib import Path

from cocreate.features import LAYERS

PACKAGE = Path(__file__).resolve().parents[2] / "cocreate"
# The tenant table every scope hangs off: core modules (the page cache) may name it.
TENANCY = {"municipalities"}
# The modules that wire the features together (the app factory, CLI, templates' globals, the
# models registry for migrations) may import any of them.
WIRING = {"__init__", "cli", "templating", "models"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level cocreate module) for every import of a cocreate module in the file."""
    module_parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = module_parts[:-1]  # a module's package (an __init__'s is its own)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = (*base, *(node.module.split(".") if node.module else ()))
                names = [target] if node.module else [(*base, a.name) for a in node.names]
            elif node.module and node.module.startswith("cocreate"):
                names = [tuple(node.module.split("."))]
            else:
                continue
            found += [(node.lineno, name[1]) for name in names if len(name) > 1]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name.split(".")[1])
                for alias in node.names
                if alias.name.startswith("cocreate.")
            ]
    return found


def test_features_import_only_features_below_them():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        source = parts[0]
        if source in WIRING or "translations" in parts:
            continue
        for line, target in _imports(path):
            if target == source or target in WIRING - {"models"}:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if source in LAYERS and target in LAYERS:
                if LAYERS.index(target) > LAYERS.index(source):
                    wrong.append(f"{where}: {source} imports {target}, which is above it")
            elif source not in LAYERS and target in set(LAYERS) - TENANCY:
                wrong.append(f"{where}: core module {source} imports the feature {target}")
    assert not wrong, "\n".join(wrong)


def test_every_feature_package_has_a_place_in_the_order():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    core = {"security", "translations"}
    assert packages - core <= set(LAYERS), sorted(packages - core - set(LAYERS))
