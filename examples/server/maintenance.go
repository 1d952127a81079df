package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/shouhou/shouhou/examples/server/app"
)

// maintenance is what the server does instead of serving when one of
// -backup, -migrate-to or -retention-run is given: the one job, then exit.
type maintenance struct {
	backup, migrateTo string
	retain            bool
	years             int
}

// any reports whether a job was asked for.
func (m maintenance) any() bool { return m.backup != "" || m.migrateTo != "" || m.retain }

// run does the job on dsn and returns the exit code.
func (m maintenance) run(ctx context.Context, dsn string, logger *slog.Logger, stdout, stderr io.Writer) int {
	switch {
	case m.backup != "":
		if err := app.Backup(ctx, dsn, m.backup, logger); err != nil {
			fmt.Fprintf(stderr, "错误：备份失败：%v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "已备份到 %s。恢复：停止服务器，把数据库文件及其 -wal、-shm 文件移走，把备份文件复制为数据库文件，再启动服务器。\n", m.backup)
	case m.migrateTo != "":
		if !strings.HasPrefix(m.migrateTo, "postgres://") && !strings.HasPrefix(m.migrateTo, "postgresql://") {
			fmt.Fprintln(stderr, "错误：-migrate-to 须为 postgres:// 开头的 PostgreSQL 地址")
			return 2
		}
		sums, err := app.MigrateTo(ctx, dsn, m.migrateTo, logger)
		if err != nil {
			fmt.Fprintf(stderr, "错误：迁移失败：%v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, "已迁移到 PostgreSQL，逐表核对行数和校验和一致：")
		for _, s := range sums {
			fmt.Fprintf(stdout, "  %-22s %6d 行  sha256 %s\n", s.Table, s.Rows, s.Sum[:16])
		}
		fmt.Fprintln(stdout, "请用 -db 指向 PostgreSQL 地址启动服务器；原 SQLite 文件保留不动。")
	case m.retain:
		res, err := app.RetainDSN(ctx, dsn, m.years, time.Now(), logger)
		if err != nil {
			fmt.Fprintf(stderr, "错误：个人信息保存期限检查失败：%v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "已去标识化 %d 位客户（售后需求 %d 条，投诉 %d 条）\n", res.Customers, res.Requests, res.Complaints)
	}
	return 0
}
