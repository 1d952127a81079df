-- The pretend ERP's after-sales tables. The ERP names and owns them; the
-- shouhou store (erpstore.go) reads and writes them and adds nothing of its
-- own. Every statement is idempotent: the program runs this file each time
-- it opens the database.

-- One row per service ticket (售后工单): the ERP's own columns, which its
-- reports and screens use, and the full after-sales record as JSON.
CREATE TABLE IF NOT EXISTS erp_service_ticket (
    ticket_no    TEXT    NOT NULL PRIMARY KEY,   -- 工单号 = aftersales.Request.ID
    cust_no      TEXT    NOT NULL DEFAULT '',    -- 客户编号
    cust_name    TEXT    NOT NULL DEFAULT '',    -- 客户名称
    project_code TEXT    NOT NULL DEFAULT '',    -- 项目代码
    status_code  TEXT    NOT NULL,               -- ERP 状态码：10 已登记 … 90 已关闭, 99 已撤回
    row_version  INTEGER NOT NULL,               -- 乐观锁版本 = Request.Version
    due_next_ns  INTEGER,                        -- 最早的未完成期限（Unix 纳秒），无则为 NULL
    body_json    TEXT    NOT NULL,               -- the aftersales.Request
    updated_at   TEXT    NOT NULL                -- 最后变更时间，北京时间 YYYY-MM-DD HH:MM:SS
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS erp_service_ticket_project ON erp_service_ticket (project_code, ticket_no);
CREATE INDEX IF NOT EXISTS erp_service_ticket_cust ON erp_service_ticket (cust_no, ticket_no);
CREATE INDEX IF NOT EXISTS erp_service_ticket_status ON erp_service_ticket (status_code, ticket_no);
CREATE INDEX IF NOT EXISTS erp_service_ticket_due ON erp_service_ticket (due_next_ns) WHERE due_next_ns IS NOT NULL;

-- The ticket's log (工单日志): one line per aftersales.Event, numbered from
-- 1 like Event.Seq, never updated or deleted.
CREATE TABLE IF NOT EXISTS erp_ticket_log (
    ticket_no  TEXT    NOT NULL REFERENCES erp_service_ticket (ticket_no),
    line_no    INTEGER NOT NULL,                 -- = Event.Seq
    event_type TEXT    NOT NULL,                 -- = Event.Type, for the ERP's own reports
    event_json TEXT    NOT NULL,                 -- the aftersales.Event
    logged_at  TEXT    NOT NULL,                 -- 发生时间，北京时间 YYYY-MM-DD HH:MM:SS
    PRIMARY KEY (ticket_no, line_no)
) WITHOUT ROWID;
