"""Architecture rules checked over source text: the import layers and who writes which tables.

Everything here reads modules with `ast` and never imports them, so the rules run without Django
and can be pointed at the small planted trees under `tests/fixtures/architecture/` as well as at
`hjp/`. The package's own name (`hjp`) is taken from the directory given to `load_project`.

Code under `if TYPE_CHECKING:` never runs, so every rule ignores it: an import made only for
type annotations is neither a dependency, a cycle nor a function-level import.

The import-cycle rule follows module-level imports only (see `import_cycles`); the other import
rules follow function-level imports as well, since those are dependencies too.

The write rules work on names, not types, and so see only what the names give away:
- a model is a capitalised name imported from (or defined in) a `<app>.models` module, used as
  `Model.objects...`, `Model(...)`, or held by a local name assigned from one of those, a `for`
  loop over one, `get_..._or_404(...)` of one, or a parameter annotated with the model;
- writes through related managers (`person.shares.create(...)`), model forms (`form.save()`),
  querysets passed in as arguments, `self.update()` inside a QuerySet method, or models reached
  through `apps.get_model` are not seen;
- imports made with `importlib.import_module` or named in strings (`include("hjp.x.urls")`) are not
  seen by the import rules either;
- the unaudited-update rule counts `.update()` on anything reached through `.objects`, resolved
  or not (`self.model.objects`); a dict taken from `Model.objects.values(...).first()` and then
  `.update()`d would be reported too;
- "records an audit event" means the function, or a function enclosing it, calls
  `audit.services.record` / `record_many` or is decorated with `audit.services.audited_atomic`;
  a helper that records on the caller's behalf does not count.
"""

import ast
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
# Which layers each layer may not import: lower layers never reach up.
FORBIDDEN_LAYERS = {
    "models": {"services", "views", "presenters"},
    "services": {"views", "presenters"},
}
WRITE_METHODS = frozenset(
    {"create", "bulk_create", "update_or_create", "get_or_create", "update", "bulk_update"}
    | {"delete", "save"}
)


@dataclass(frozen=True, eq=False)
class Module:
    """One source file: its dotted name, the path it is shown by, and its syntax tree."""

    name: str
    shown_as: str
    tree: ast.Module
    is_package: bool


@dataclass(frozen=True)
class Project:
    """The modules of one top-level package that the rules look at, keyed by dotted name."""

    top: str
    modules: dict[str, Module]
    known: frozenset[str]


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule, at a line of a module, with what it concerns (an import, a model)."""

    shown_as: str
    line: int
    rule: str
    message: str
    module: str
    subject: str

    def __str__(self) -> str:
        return f"{self.shown_as}:{self.line} {self.message}"


@dataclass(frozen=True)
class Allowed:
    """An exception to a rule: the module, what it may use (an import, a model) and why."""

    module: str
    name: str
    reason: str


@dataclass(frozen=True)
class Import:
    """One name an import statement binds, resolved to absolute dotted names."""

    module: Module
    line: int
    target: str
    name: str
    alias: str
    stands_for: str
    in_function: bool


@dataclass(frozen=True)
class Scope:
    """A function (or a module's body) with the nodes that run directly in it."""

    node: ast.AST
    nodes: list[ast.AST]
    enclosing: tuple[ast.AST, ...]


@dataclass(frozen=True)
class Write:
    """A call that writes rows of a model: the scope it runs in, its line, the model and method."""

    scope: Scope
    line: int
    model: str
    method: str


def _excluded(relative: Path) -> bool:
    return (
        "migrations" in relative.parts
        or "tests" in relative.parts
        or relative.name == "conftest.py"
    )


def load_project(package: Path, *, skip: Iterable[str] = ()) -> Project:
    """Parse each module under `package` but migrations, tests and the dotted names in `skip`."""
    root, skipped = package.parent, set(skip)
    modules, known = {}, set()
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(root)
        parts = relative.with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        known.add(name)
        if _excluded(relative) or name in skipped:
            continue
        tree = ast.parse(path.read_text(), filename=str(relative))
        modules[name] = Module(name, relative.as_posix(), tree, is_package)
    return Project(package.name, modules, frozenset(known))


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _part(name: str, index: int) -> str | None:
    parts = name.split(".")
    return parts[index] if len(parts) > index else None


def _runs(node: ast.AST) -> Iterator[ast.AST]:
    """The children of a node that can run: the body of `if TYPE_CHECKING:` never does."""
    test = getattr(node, "test", None)
    if isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    ):
        yield from node.orelse
    else:
        yield from ast.iter_child_nodes(node)


def scopes(tree: ast.Module) -> list[Scope]:
    """The module body and every function in it, each with the nodes that run directly in it."""
    found, pending = [], [(tree, ())]
    while pending:
        scope, enclosing = pending.pop()
        own, stack = [], list(scope.body)
        while stack:
            node = stack.pop()
            if isinstance(node, FUNCTIONS):
                pending.append((node, (*enclosing, scope)))
                continue
            own.append(node)
            stack.extend(_runs(node))
        found.append(Scope(scope, own, enclosing))
    return found


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    """The dotted name a `from ... import` reads from, with relative levels resolved."""
    if not node.level:
        return node.module or ""
    package = module.name.split(".")[: None if module.is_package else -1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: Module, known: frozenset[str]) -> list[Import]:
    """Every import that runs in a module, one per name it binds, function-level ones marked."""
    found = []
    for scope in scopes(module.tree):
        in_function = isinstance(scope.node, FUNCTIONS)
        for node in scope.nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    stands_for = alias.name if alias.asname else bound
                    found.append(
                        Import(
                            module,
                            node.lineno,
                            alias.name,
                            alias.name,
                            bound,
                            stands_for,
                            in_function,
                        )
                    )
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(module, node)
                for alias in node.names:
                    name = f"{base}.{alias.name}"
                    target = name if name in known else base
                    bound = alias.asname or alias.name
                    found.append(
                        Import(module, node.lineno, target, name, bound, name, in_function)
                    )
    return sorted(found, key=lambda found_import: found_import.line)


def own_imports(project: Project) -> list[Import]:
    """Each import of a module of the project's own package, once per statement and module."""
    found, seen = [], set()
    for module in project.modules.values():
        for one in imports_of(module, project.known):
            key = (module.name, one.line, one.target)
            if _within(one.target, project.top) and key not in seen:
                seen.add(key)
                found.append(one)
    return found


def _import_violation(found: Import, rule: str, why: str) -> Violation:
    message = f"imports {found.target}: {why}"
    return Violation(
        found.module.shown_as, found.line, rule, message, found.module.name, found.target
    )


def _shortest_cycle(edges: dict[str, dict[str, Import]], start: str) -> tuple[str, ...] | None:
    """The shortest chain of imports that leads from `start` back to it, if there is one."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for there in sorted(edges.get(here, {})):
            if there == start:
                chain = [here]
                while chain[-1] != start:
                    chain.append(came_from[chain[-1]])
                return tuple(reversed(chain))
            if there not in came_from:
                came_from[there] = here
                queue.append(there)
    return None


def import_cycles(project: Project) -> list[Violation]:
    """Each cycle of module-level imports, shown as the chain of modules it runs through.

    Function-level imports run after every module has loaded, so they cannot close a cycle at
    import time; `inner_imports` holds them to their own rule. Every module on a cycle is shown on
    the shortest cycle through it, so a knot of cycles may take a few fixes to untie.
    """
    edges: dict[str, dict[str, Import]] = {}
    for found in own_imports(project):
        if not found.in_function and found.target in project.modules:
            edges.setdefault(found.module.name, {}).setdefault(found.target, found)
    cycles = set()
    for start in edges:
        if cycle := _shortest_cycle(edges, start):
            first = cycle.index(min(cycle))
            cycles.add(cycle[first:] + cycle[:first])
    return sorted(
        _import_violation(
            edges[cycle[0]][(*cycle, cycle[0])[1]],
            "cycle",
            "in the import cycle " + " -> ".join((*cycle, cycle[0])),
        )
        for cycle in cycles
    )


def core_imports(project: Project) -> list[Violation]:
    """The `core` app is what every app builds on, so it imports no other app of the package."""
    core = f"{project.top}.core"
    return sorted(
        _import_violation(found, "core", "core may import only core")
        for found in own_imports(project)
        if _within(found.module.name, core)
        and found.target != project.top
        and not _within(found.target, core)
    )


def layer_imports(project: Project) -> list[Violation]:
    """Models import no services, views or presenters; services import no views or presenters."""
    found_violations = []
    for found in own_imports(project):
        layer, target_layer = _part(found.module.name, 2), _part(found.target, 2)
        if target_layer in FORBIDDEN_LAYERS.get(layer, ()):
            why = f"a {layer} module may not import a {target_layer} module"
            found_violations.append(_import_violation(found, "layers", why))
    return sorted(found_violations)


def top_app_imports(project: Project, *, top_app: str) -> list[Violation]:
    """The top app (the demo) may import every app, so no module outside it imports it."""
    top = f"{project.top}.{top_app}"
    return sorted(
        _import_violation(found, "top-app", f"nothing outside {top} may import it")
        for found in own_imports(project)
        if _within(found.target, top) and not _within(found.module.name, top)
    )


def _excuse(violations: list[Violation], allowed: Iterable[Allowed]) -> list[Violation]:
    excused = {(entry.module, entry.name) for entry in allowed}
    return [v for v in violations if (v.module, v.subject) not in excused]


def unneeded(allowed: Iterable[Allowed], violations: list[Violation]) -> list[Allowed]:
    """Allow-list entries that excuse none of the violations a rule reports without them."""
    reported = {(v.module, v.subject) for v in violations}
    return [entry for entry in allowed if (entry.module, entry.name) not in reported]


def inner_imports(project: Project, allowed: Iterable[Allowed] = ()) -> list[Violation]:
    """An import inside a function hides a dependency (often a cycle), so it needs a reason."""
    found_violations = [
        Violation(
            found.module.shown_as,
            found.line,
            "inner-import",
            f"imports {found.name} inside a function",
            found.module.name,
            found.name,
        )
        for module in project.modules.values()
        for found in imports_of(module, project.known)
        if found.in_function
    ]
    return sorted(_excuse(found_violations, allowed))


def bindings(module: Module, known: frozenset[str]) -> dict[str, str]:
    """What each name in a module stands for: its own top-level definitions and what it imports."""
    names = {
        node.name: f"{module.name}.{node.name}"
        for node in module.tree.body
        if isinstance(node, (*FUNCTIONS, ast.ClassDef))
    }
    for found in imports_of(module, known):
        names[found.alias] = found.stands_for
    return names


def resolve(node: ast.AST, names: dict[str, str]) -> str | None:
    """The dotted name an expression such as `cases.models.Case` stands for, if it is known."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute) and (base := resolve(node.value, names)):
        return f"{base}.{node.attr}"
    return None


def model_app(dotted: str | None, top: str) -> str | None:
    """The app owning a capitalised name from `<top>.<app>.models` (or a module under it)."""
    parts = (dotted or "").split(".")
    if len(parts) >= 4 and parts[0] == top and parts[2] == "models" and parts[-1][:1].isupper():
        return parts[1]
    return None


def _model(node: ast.AST, names: dict[str, str], top: str) -> str | None:
    dotted = resolve(node, names)
    return dotted if model_app(dotted, top) else None


def rooted_at(node: ast.AST, names: dict[str, str], top: str, tracked: dict) -> str | None:
    """The model whose rows an expression holds: `Model.objects...`, `Model(...)`, a tracked name.

    A model whose name cannot be resolved (`self.model.objects`) is given by its source text.
    Reading through a field (`person.shares`) gives up: the field's model is not known.
    """
    while True:
        if isinstance(node, ast.BoolOp):  # `cached or Model.objects.first()`
            found = (rooted_at(value, names, top, tracked) for value in node.values)
            return next(filter(None, found), None)
        if isinstance(node, ast.Name):
            return tracked.get(node.id) or _model(node, names, top)
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return resolve(node.value, names) or ast.unparse(node.value)
        if isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            if model := _model(node.func, names, top):
                return model
            if not isinstance(node.func, ast.Attribute):
                return None
            node = node.func.value
        else:
            return _model(node, names, top)


def _annotated(annotation: ast.AST | None, names: dict[str, str], top: str) -> str | None:
    """The model a parameter's annotation names (`Case`, `Case | None`, `list[Case]`), if any."""
    if isinstance(annotation, ast.BinOp):
        return _annotated(annotation.left, names, top) or _annotated(annotation.right, names, top)
    if isinstance(annotation, ast.Subscript):  # list[Case]: its rows, one per loop
        return _annotated(annotation.slice, names, top)
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return _annotated(ast.parse(annotation.value, mode="eval").body, names, top)
    return _model(annotation, names, top) if annotation is not None else None


def _assignment(node: ast.AST) -> tuple[str, ast.AST] | None:
    """A local name and the expression whose rows it is given, from an assignment or a loop."""
    if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
        return node.target.id, node.iter
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
        target, value = node.target, node.value
    else:
        return None
    if isinstance(target, ast.Tuple) and target.elts:  # row, created = X.objects.get_or_create()
        target = target.elts[0]
    if not isinstance(target, ast.Name):
        return None
    if isinstance(value, ast.Call) and value.args and _last_name(value.func).endswith("_or_404"):
        return target.id, value.args[0]
    return target.id, value


def _last_name(node: ast.AST) -> str:
    """The last name of an expression: `get_object_or_404` for `shortcuts.get_object_or_404`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def tracked_names(scope: Scope, names: dict[str, str], top: str) -> dict[str, str]:
    """Local names of a scope that hold a model's rows: parameters, assignments and loops."""
    tracked = {}
    if isinstance(scope.node, FUNCTIONS):
        arguments = scope.node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if model := _annotated(argument.annotation, names, top):
                tracked[argument.arg] = model
    assignments = [node for node in scope.nodes if _assignment(node)]
    for node in sorted(assignments, key=lambda statement: statement.lineno):
        name, value = _assignment(node)
        if model := rooted_at(value, names, top, tracked):
            tracked[name] = model
    return tracked


def writes(module: Module, names: dict[str, str], top: str) -> Iterator[Write]:
    """Every call in a module that writes rows of a model the names give away."""
    for scope in scopes(module.tree):
        tracked = tracked_names(scope, names, top)
        for node in scope.nodes:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITE_METHODS
                and (model := rooted_at(node.func.value, names, top, tracked))
            ):
                yield Write(scope, node.lineno, model, node.func.attr)


def cross_app_writes(project: Project, *, exempt_apps: Iterable[str] = ()) -> list[Violation]:
    """A module writes only its own app's tables; another app's go through that app's services."""
    found_violations = []
    for module in project.modules.values():
        app = _part(module.name, 1)
        if app in exempt_apps:
            continue
        names = bindings(module, project.known)
        for write in writes(module, names, project.top):
            owner = model_app(write.model, project.top)
            if owner and owner != app:
                message = (
                    f"writes {write.model} with .{write.method}(): another app's table, "
                    f"written only through {project.top}.{owner}.services"
                )
                found_violations.append(
                    Violation(
                        module.shown_as,
                        write.line,
                        "cross-app-write",
                        message,
                        module.name,
                        write.model,
                    )
                )
    return sorted(found_violations)


def _records_audit(scope: Scope, names: dict[str, str], top: str) -> bool:
    """Whether a function is an audited service or calls `record` / `record_many` itself."""
    services = f"{top}.audit.services"
    decorators = getattr(scope.node, "decorator_list", [])
    if any(
        resolve(getattr(d, "func", d), names) == f"{services}.audited_atomic" for d in decorators
    ):
        return True
    recorders = {f"{services}.record", f"{services}.record_many"}
    return any(
        isinstance(node, ast.Call) and resolve(node.func, names) in recorders
        for node in scope.nodes
    )


def unaudited_updates(project: Project, allowed: Iterable[Allowed] = ()) -> list[Violation]:
    """`QuerySet.update()` skips `save()`, so the function doing it must record the audit event."""
    found_violations = []
    for module in project.modules.values():
        names = bindings(module, project.known)
        audited = {
            id(scope.node): _records_audit(scope, names, project.top)
            for scope in scopes(module.tree)
        }
        for write in writes(module, names, project.top):
            around = (write.scope.node, *write.scope.enclosing)
            if write.method == "update" and not any(
                audited[id(node)] for node in around if isinstance(node, FUNCTIONS)
            ):
                message = f"updates {write.model} with QuerySet.update() and records no audit event"
                found_violations.append(
                    Violation(
                        module.shown_as,
                        write.line,
                        "unaudited-update",
                        message,
                        module.name,
                        write.model,
                    )
                )
    return sorted(_excuse(found_violations, allowed))
