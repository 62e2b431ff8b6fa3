-- 0002_label: the label a trained classifier (trustwatch classify train) gave
-- each document, when ingest runs with classifier.model configured.
ALTER TABLE trustwatch.documents
  ADD COLUMN IF NOT EXISTS label LowCardinality(String) DEFAULT '' COMMENT '分类模型标签 label from the configured classifier' AFTER tokens,
  ADD COLUMN IF NOT EXISTS label_probability Float32 DEFAULT 0 COMMENT '标签概率 probability of the label' AFTER label;

-- A view's columns are fixed when it is created: recreate it to show the new ones.
CREATE OR REPLACE VIEW trustwatch.v_documents
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents ORDER BY id, ingested_at DESC, version LIMIT 1 BY id;
