/** A version's columns, its terms, and its sources as one JSON array (aggregated in SQLite): a `VersionRow`. */
export const VERSION_COLUMNS = `v.rule_id, v.revision, v.valid_from, v.recorded_at, v.status, v.last_event, v.sources, t.terms, r.first_valid_from,
  CASE WHEN v.sources = 0 THEN '[]' ELSE (SELECT '[' || group_concat(s.source, ',' ORDER BY s.seq) || ']'
    FROM rule_sources s WHERE s.rule_id = v.rule_id AND s.seq < v.sources) END AS sources_json`;

/**
 * The revision of rule `rule` visible at (:asOf, :knownAt): the later of the two is not visible
 * on the other clock, so it is the earlier of the last revision in force by asOf and the last
 * one recorded by knownAt (NULL, so not visible, if either is missing). Two index seeks,
 * however long the rule's history.
 */
export const visibleRevision = (rule: string) => `min(
    (SELECT x.revision FROM rule_versions x INDEXED BY rule_versions_by_rule_valid
      WHERE x.rule_id = ${rule} AND x.valid_from <= :asOf ORDER BY x.valid_from DESC, x.revision DESC LIMIT 1),
    (SELECT y.revision FROM rule_versions y INDEXED BY rule_versions_by_rule_recorded
      WHERE y.rule_id = ${rule} AND y.recorded_at <= :knownAt ORDER BY y.recorded_at DESC, y.revision DESC LIMIT 1))`;
