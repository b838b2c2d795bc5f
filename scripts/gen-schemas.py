#!/usr/bin/env python3
"""Regenerates src/schema/data/: CloudFormation's resource provider schemas (us-east-1), compact.

Source: the pinned cfn-lint source distribution (its bundled, already patched schemas), so zael
judges templates by the same facts as the cfn-lint version CI pins in requirements-dev.txt.

    scripts/gen-schemas.py            # downloads cfn-lint==VERSION's sdist with pip
    scripts/gen-schemas.py SDIST      # or reads that sdist (cfn_lint-VERSION.tar.gz)

Writes three files:
- resources.bin: one zlib stream per resource type, concatenated, in type-name order. Each
  stream is the type's compact JSON record: validation keywords only (descriptions, handlers,
  tagging and other documentation dropped), plus the property paths CloudFormation treats
  specially (readOnly, createOnly, conditionalCreateOnly, writeOnly) and the attribute names
  `Fn::GetAtt` accepts. zael inflates and parses only the types a template uses.
- index.tsv: `TypeName<TAB>offset<TAB>length` per type, sorted, for a binary search.
- SOURCE: where the data came from (package, version, sdist sha256, schema date).

Why per-type streams: a process checking one template pays for a dozen types, not 1,800.
"""

import ast
import json
import zlib
from pathlib import Path

from cfn_lint_sdist import PACKAGE, SDIST_SHA256, VERSION, sdist_dir
REGION = "us-east-1"
OUT = Path(__file__).resolve().parent.parent / "src" / "schema" / "data"

# The JSON Schema keywords (and cfn-lint's extensions) a validator reads. Everything else in a
# schema node is documentation or provisioning detail.
SCHEMA_KEYWORDS = {
    "type", "properties", "additionalProperties", "patternProperties", "required", "$ref",
    "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items", "prefixItems", "minItems",
    "maxItems", "uniqueItems", "uniqueKeys", "oneOf", "anyOf", "allOf", "not", "if", "then",
    "else", "dependencies", "dependentRequired", "dependentExcluded", "dependentSchemas",
    "requiredXor", "requiredOr", "minProperties", "maxProperties", "format", "contains",
    "propertyNames",
}
# Keywords whose value maps names to schemas (the names are data, not keywords).
NAMED_SCHEMAS = {"properties", "patternProperties", "definitions", "dependentSchemas"}
# Keywords whose value is one schema or a list of schemas.
ONE_SCHEMA = {"additionalProperties", "items", "not", "if", "then", "else", "contains",
              "propertyNames"}
SCHEMA_LISTS = {"oneOf", "anyOf", "allOf", "prefixItems"}
# The resource-level lists of property pointers, renamed to what the Rust API calls them.
PATH_LISTS = {
    "readOnlyProperties": "readOnly",
    "createOnlyProperties": "createOnly",
    "conditionalCreateOnlyProperties": "conditionalCreateOnly",
    "writeOnlyProperties": "writeOnly",
}


def compact(node):
    """A schema node with only validation keywords, recursively."""
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key not in SCHEMA_KEYWORDS and key != "definitions":
            continue
        if key in NAMED_SCHEMAS:
            out[key] = {name: compact(sub) for name, sub in value.items()}
        elif key in ONE_SCHEMA:
            out[key] = compact(value) if isinstance(value, dict) else value
        elif key in SCHEMA_LISTS:
            out[key] = [compact(sub) for sub in value]
        elif key == "dependencies":
            out[key] = {name: compact(sub) if isinstance(sub, dict) else sub
                        for name, sub in value.items()}
        else:
            out[key] = value
    return out


def dotted(pointer):
    """`/properties/Endpoint/Address` -> `Endpoint.Address` (`*` stays for array items)."""
    parts = pointer.split("/")
    assert parts[:2] == ["", "properties"], pointer
    return ".".join(parts[2:])


def getatt_lists(sdist):
    """cfn-lint's two hand-kept lists of where GetAtt differs from readOnlyProperties."""
    tree = ast.parse((sdist / "src/cfnlint/schema/_getatts.py").read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("_all_property_types", "_exceptions"):
                found[name] = ast.literal_eval(node.value)
    return found["_all_property_types"], found["_exceptions"]


def resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/definitions/"), ref
        node = schema["definitions"][ref[len("#/definitions/"):]]
    return node


def all_property_attributes(schema, node, path, out, seen=()):
    """cfn-lint's rule for the types whose every property is an attribute: scalars and lists of
    scalars, descending into objects, never into lists of objects."""
    if isinstance(node, dict) and "$ref" in node:
        if node["$ref"] in seen:
            return
        seen = seen + (node["$ref"],)
        node = resolve(schema, node)
    types = node.get("type", [])
    types = types if isinstance(types, list) else [types]
    if "object" in types:
        for name, sub in node.get("properties", {}).items():
            all_property_attributes(schema, sub, path + [name], out, seen)
    elif "array" in types:
        if node.get("items", {}).get("type") in ("object", "array"):
            return
        out.append(".".join(path))
    else:
        out.append(".".join(path))


def attributes(type_name, schema, all_types, exceptions):
    """The attribute names `Fn::GetAtt` accepts, as cfn-lint 1.58's GetAtts class computes
    them. A name ending in `.*` stands for any suffix (a nested stack's `Outputs.Name`); `*`
    for any name at all."""
    if type_name in all_types:
        out = []
        for name, sub in schema.get("properties", {}).items():
            all_property_attributes(schema, sub, [name], out)
        return sorted(set(out))
    out = [name for name in exceptions.get(type_name, [])]
    if type_name == "AWS::CloudFormation::Stack":
        return sorted(set(out + ["Outputs.*"]))
    if type_name == "AWS::CloudFormation::CustomResource":
        out.append("*")  # a custom resource returns whatever its provider says
    for pointer in schema.get("readOnlyProperties", []):
        if type_name == "AWS::ServiceCatalog::CloudFormationProvisionedProduct" and \
                pointer == "/properties/Outputs":
            out.append("Outputs.*")
        else:
            out.append(dotted(pointer))
    return sorted(set(out))


def record(type_name, schema, all_types, exceptions):
    out = compact(schema)
    for source, name in PATH_LISTS.items():
        if source in schema:
            out[name] = [dotted(p) for p in schema[source]]
    out["attributes"] = attributes(type_name, schema, all_types, exceptions)
    return out


def main():
    sdist = sdist_dir("zael-schemas-")
    data = sdist / "src/cfnlint/data/schemas"
    pkg_version = next(line.split(": ", 1)[1] for line in
                       (sdist / "PKG-INFO").read_text().splitlines()
                       if line.startswith("Version: "))
    assert pkg_version == VERSION, f"sdist is {pkg_version}, the pin is {VERSION}"
    providers = json.loads((data / "providers" / f"{REGION}.json").read_text())
    all_types, exceptions = getatt_lists(sdist)
    blob = bytearray()
    index = []
    for type_name in sorted(providers):
        schema = json.loads((data / "resources" / f"{providers[type_name]}.json").read_text())
        text = json.dumps(record(type_name, schema, all_types, exceptions),
                          separators=(",", ":"), sort_keys=True).encode()
        packed = zlib.compress(text, 9)
        index.append(f"{type_name}\t{len(blob)}\t{len(packed)}")
        blob += packed
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "resources.bin").write_bytes(bytes(blob))
    (OUT / "index.tsv").write_text("\n".join(index) + "\n")
    schema_date = json.loads((data / "version.json").read_text())["schema_date"]
    (OUT / "SOURCE").write_text(
        f"package\t{PACKAGE} {VERSION} (PyPI source distribution)\n"
        f"sdist_sha256\t{SDIST_SHA256}\n"
        f"files\tsrc/cfnlint/data/schemas/providers/{REGION}.json, resources/*.json\n"
        f"schema_date\t{schema_date}\n"
        f"types\t{len(index)}\n"
        f"generator\tscripts/gen-schemas.py\n"
    )
    print(f"{len(index)} types, {len(blob)} bytes -> {OUT}")


if __name__ == "__main__":
    main()
