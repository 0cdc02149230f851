"""Validate JSON against the response schemas of Figma's published OpenAPI specification.

The spec (``tests/fixtures/figma/spec/openapi.yaml``, ``@figma/rest-api-spec``, pinned in its
README) is OpenAPI 3.1, whose schemas are JSON Schema 2020-12 plus OpenAPI's ``discriminator``.
Node, paint and effect unions are ``oneOf`` with a ``discriminator`` on ``type``: validated the
OpenAPI way (only the schema the discriminator maps to), which is also what keeps validation of a
deep node tree linear instead of trying every node type at every level.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

import referencing
import referencing.jsonschema
import yaml
from jsonschema import Draft202012Validator, ValidationError, validators

SPEC: Final = Path(__file__).resolve().parents[1] / "fixtures" / "figma" / "spec" / "openapi.yaml"
SPEC_URI: Final = "urn:figma:rest-api-spec"
NODES_RESPONSE: Final = "GetFileNodesResponse"
IMAGES_RESPONSE: Final = "GetImagesResponse"
ERROR_RESPONSES: Final = {
    403: "ForbiddenErrorResponseWithErrMessage",
    404: "NotFoundErrorResponseWithErrMessage",
    429: "TooManyRequestsErrorResponseWithErrMessage",
}

_builtin_one_of = Draft202012Validator.VALIDATORS["oneOf"]


def _one_of(
    validator: Any, one_of: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    discriminator = schema.get("discriminator")
    if discriminator is None or not isinstance(instance, dict):
        yield from _builtin_one_of(validator, one_of, instance, schema)
        return
    name = discriminator["propertyName"]
    target = discriminator.get("mapping", {}).get(instance.get(name))
    if target is None:
        yield ValidationError(f"{name} {instance.get(name)!r} is not one the specification maps")
        return
    yield from validator.descend(instance, {"$ref": target})


_OpenApiValidator = validators.extend(Draft202012Validator, {"oneOf": _one_of})


@cache
def _registry() -> referencing.Registry[Any]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    resource = referencing.Resource.from_contents(
        spec, default_specification=referencing.jsonschema.DRAFT202012
    )
    return referencing.Registry().with_resource(SPEC_URI, resource)


@cache
def _validator(response: str) -> Any:
    pointer = f"{SPEC_URI}#/components/responses/{response}/content/application~1json/schema"
    return _OpenApiValidator({"$ref": pointer}, registry=_registry())


def spec_errors(instance: Any, response: str = NODES_RESPONSE) -> list[str]:
    """Every way ``instance`` breaks the schema of the spec's ``response`` (empty: it is valid),
    as ``path: message`` lines."""
    found = sorted(_validator(response).iter_errors(instance), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}" for error in found]
