// Package pgtest gives tests a fresh, empty PostgreSQL database on a
// throwaway cluster, for the reference server's PostgreSQL tests.
//
// The tests that need PostgreSQL call Start; it skips them unless
// SHOUHOU_TEST_POSTGRES=1 (make test sets it). The first Start of a test
// binary starts one cluster for the whole package: initdb and pg_ctl from
// the postgresql package's /usr/lib/postgresql/*/bin (the newest version
// there; SHOUHOU_TEST_PG_BIN names another directory), run as the postgres
// user through runuser when the tests run as root, in a new temporary
// directory, listening on 127.0.0.1 only, on a free port, with fsync off.
// Each Start creates a new database in it. The package's TestMain calls
// Main, which stops the cluster and removes its directory when the tests
// are done:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// Should the test binary die first (a panic, a timeout, ^C), a watchdog
// process stops the cluster and removes its directory within seconds.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvVar is the variable that turns the PostgreSQL tests on.
const EnvVar = "SHOUHOU_TEST_POSTGRES"

// BinEnvVar names a directory holding initdb, pg_ctl and postgres, to use
// instead of the newest /usr/lib/postgresql/*/bin.
const BinEnvVar = "SHOUHOU_TEST_PG_BIN"

// SkipMessage is why Start skips when EnvVar is not 1.
const SkipMessage = "set " + EnvVar + "=1 (make test does) to run the PostgreSQL tests"

// Bounds on the cluster's steps.
const (
	initdbTimeout = 2 * time.Minute
	startTimeout  = 60 * time.Second // pg_ctl -w, then the connect loop
	stopTimeout   = 30 * time.Second
	createTimeout = 30 * time.Second
)

var (
	mu        sync.Mutex
	cur       *cluster
	startErr  error
	databases int
)

// Enabled reports whether EnvVar is set to 1.
func Enabled() bool { return os.Getenv(EnvVar) == "1" }

// Start returns the URL of a new, empty database on the package's cluster,
// starting the cluster on the first call. It skips the test unless
// SHOUHOU_TEST_POSTGRES=1, and fails it if the cluster cannot start (with
// the server's log) or the postgresql package is missing. The database is
// dropped when the test ends.
func Start(tb testing.TB) string {
	tb.Helper()
	if !Enabled() {
		tb.Skip(SkipMessage)
	}
	mu.Lock()
	defer mu.Unlock()
	if cur == nil && startErr == nil {
		cur, startErr = startCluster()
	}
	if startErr != nil {
		tb.Fatalf("pgtest: %v", startErr)
	}
	databases++
	name := fmt.Sprintf("shouhou_test_%d", databases)
	ctx, cancel := context.WithTimeout(context.Background(), createTimeout)
	defer cancel()
	if _, err := cur.admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	c := cur
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), createTimeout)
		defer cancel()
		if _, err := c.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			tb.Logf("pgtest: drop database %s: %v", name, err)
		}
	})
	return c.url(name)
}

// Main runs the tests, then stops the cluster if one was started, removes
// its directory and exits with the tests' exit code. Call it from
// TestMain.
func Main(m *testing.M) {
	code := m.Run()
	mu.Lock()
	if cur != nil {
		if err := cur.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		}
		cur = nil
	}
	mu.Unlock()
	os.Exit(code)
}

// cluster is a running throwaway PostgreSQL cluster.
type cluster struct {
	bin      string // the directory of initdb, pg_ctl and postgres
	dir      string // the temporary directory: data/, the socket, the logs
	port     int
	password string
	runAs    []string // the runuser prefix when running as root, else nil
	admin    *sql.DB  // connected to the postgres database
	watchdog *exec.Cmd
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) serverLog() string { return filepath.Join(c.dir, "server.log") }

// url returns the URL of database name.
func (c *cluster) url(name string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("postgres", c.password),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)), Path: "/" + name, RawQuery: "sslmode=disable"}
	return u.String()
}

// missingError says which binary is missing.
type missingError struct{ what string }

func (e *missingError) Error() string {
	return e.what + " not found: install the postgresql package (apt-get install postgresql), or set " + BinEnvVar +
		" to the directory of initdb, pg_ctl and postgres"
}

// findBin returns the directory of the PostgreSQL server binaries.
func findBin() (string, error) {
	has := func(dir string) bool {
		for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
			if st, err := os.Stat(filepath.Join(dir, b)); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
				return false
			}
		}
		return true
	}
	if dir := os.Getenv(BinEnvVar); dir != "" {
		if !has(dir) {
			return "", &missingError{what: "initdb, pg_ctl or postgres in " + BinEnvVar + "=" + dir}
		}
		return dir, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, dir := range dirs {
		if has(dir) {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil && has(filepath.Dir(p)) {
		return filepath.Dir(p), nil
	}
	return "", &missingError{what: "the PostgreSQL server (initdb, pg_ctl and postgres in /usr/lib/postgresql/*/bin)"}
}

// startCluster makes and starts a cluster.
func startCluster() (*cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin}
	var uid, gid = -1, -1
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root.
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			for _, p := range []string{"/usr/sbin/runuser", "/sbin/runuser"} {
				if _, e := os.Stat(p); e == nil {
					runuser, err = p, nil
					break
				}
			}
		}
		if err != nil {
			return nil, errors.New("running as root, and runuser (util-linux) is missing: it is needed to run PostgreSQL as the postgres user")
		}
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, and there is no postgres user to run PostgreSQL as (install the postgresql package): %w", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		c.runAs = []string{runuser, "-u", "postgres", "--"}
	}
	// A short path: the socket's path must stay under 108 bytes. /tmp is
	// open to the postgres user where $TMPDIR may not be.
	base := os.TempDir()
	if st, err := os.Stat("/tmp"); err == nil && st.IsDir() {
		base = "/tmp"
	}
	c.dir, err = os.MkdirTemp(base, "shouhou-pgtest-")
	if err != nil {
		return nil, fmt.Errorf("make the cluster's directory: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			c.stop()
		}
	}()
	if err := os.Chmod(c.dir, 0o700); err != nil {
		return nil, err
	}
	if uid >= 0 {
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return nil, fmt.Errorf("give the cluster's directory to postgres: %w", err)
		}
	}
	c.startWatchdog()

	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		return nil, err
	}
	c.password = hex.EncodeToString(pw)
	pwfile := filepath.Join(c.dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(c.password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if uid >= 0 {
		if err := os.Chown(pwfile, uid, gid); err != nil {
			return nil, err
		}
	}
	if err := c.run(initdbTimeout, "initdb.log", "initdb", "-D", c.data(), "-U", "postgres", "--pwfile="+pwfile,
		"--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"); err != nil {
		return nil, err
	}
	os.Remove(pwfile)

	// The port is free when chosen; another process may take it before
	// postgres binds it, so try a few.
	for attempt := 1; ; attempt++ {
		c.port, err = freePort()
		if err != nil {
			return nil, err
		}
		err = c.run(startTimeout, "pg_ctl-start.log", "pg_ctl", "-D", c.data(), "-l", c.serverLog(), "-w",
			"-t", strconv.Itoa(int(startTimeout/time.Second)), "-o", strings.Join([]string{
				"-c listen_addresses=127.0.0.1",
				"-p " + strconv.Itoa(c.port),
				"-c unix_socket_directories=" + c.dir,
				"-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
				"-c max_connections=200",
			}, " "), "start")
		if err == nil {
			break
		}
		if attempt == 3 || !strings.Contains(readTail(c.serverLog()), "could not bind") {
			return nil, fmt.Errorf("%w\n--- server log ---\n%s", err, readTail(c.serverLog()))
		}
	}
	c.admin, err = sql.Open("pgx", c.url("postgres"))
	if err != nil {
		return nil, err
	}
	c.admin.SetMaxOpenConns(2)
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = c.admin.PingContext(ctx)
		cancel()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("PostgreSQL did not answer on 127.0.0.1:%d within %v: %v\n--- server log ---\n%s",
				c.port, startTimeout, err, readTail(c.serverLog()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	ok = true
	return c, nil
}

// command returns the command running binary name of the cluster's
// PostgreSQL with args, as postgres when running as root.
func (c *cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	argv := append(append(append([]string(nil), c.runAs...), filepath.Join(c.bin, name)), args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = c.dir
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// run runs binary name with a timeout, its output to the file logName in
// the cluster's directory (a file, not a pipe: pg_ctl leaves the server
// running, which must not hold the test's output open). On failure the
// error carries the output.
func (c *cluster) run(timeout time.Duration, logName, name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	logPath := filepath.Join(c.dir, logName)
	out, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := c.command(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("timed out after %v", timeout)
		}
		return fmt.Errorf("%s %s: %v\n--- output ---\n%s", name, strings.Join(args, " "), err, readTail(logPath))
	}
	return nil
}

// startWatchdog starts a shell that waits for this process to end, then
// stops the cluster and removes its directory. Main stops it first when the
// tests end normally. It has its own process group, so that a ^C to the
// test does not stop it, and no standard output, so that go test does not
// wait for it.
func (c *cluster) startWatchdog() {
	stop := append(append([]string(nil), c.runAs...), filepath.Join(c.bin, "pg_ctl"),
		"-D", c.data(), "stop", "-m", "immediate", "-w", "-t", "30")
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; if [ -f %s ]; then %s; fi; rm -rf %s",
		os.Getpid(), shellQuote(filepath.Join(c.data(), "postmaster.pid")), shellJoin(stop), shellQuote(c.dir))
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err == nil {
		c.watchdog = cmd
		go cmd.Wait() // reap it
	}
}

// stop stops the cluster and removes its directory.
func (c *cluster) stop() error {
	if c.watchdog != nil {
		c.watchdog.Process.Kill()
		c.watchdog = nil
	}
	if c.admin != nil {
		c.admin.Close()
	}
	var errs []error
	if _, err := os.Stat(filepath.Join(c.data(), "postmaster.pid")); err == nil {
		if err := c.run(stopTimeout, "pg_ctl-stop.log", "pg_ctl", "-D", c.data(), "stop", "-m", "fast", "-w",
			"-t", strconv.Itoa(int(stopTimeout/time.Second))); err != nil {
			errs = append(errs, err)
			if err := c.run(stopTimeout, "pg_ctl-kill.log", "pg_ctl", "-D", c.data(), "stop", "-m", "immediate", "-w"); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if c.dir != "" {
		if err := os.RemoveAll(c.dir); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stopping the test cluster: %w", err)
	}
	return nil
}

// freePort returns a TCP port of 127.0.0.1 that is free now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// readTail returns the last 8 KiB of a file, for error messages.
func readTail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	if len(b) > 8<<10 {
		b = append([]byte("…"), b[len(b)-8<<10:]...)
	}
	return string(b)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}
