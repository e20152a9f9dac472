// Element ids of the inspected record tree, shared by the tree (which
// gives them) and the findings (which link to them).

// tagOf is the field's tag without the input's spelling note
// ("14.013 (written 14.13)" is "14.013").
export function tagOf(tag) {
  return String(tag || "").split(" ", 1)[0];
}

export function recordId(index) {
  return `record-${index}`;
}

export function fieldId(index, tag) {
  return `field-${index}-${tagOf(tag).replace(/[^0-9A-Za-z.]/g, "_")}`;
}
