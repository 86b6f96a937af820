#!/usr/bin/env python3
"""A local Kafka-protocol broker for tests and for trying distributed mode: librdkafka's mock cluster.

NEVER production Kafka: every record lives in this process's memory and is gone when it exits; there is no
replication to disk, no security, no retention. It speaks the Kafka wire protocol well enough for kafkajs
(produce, fetch, consumer groups, offset commits) and lets tests inject faults.

Needs Debian's librdkafka1 (`apt-get install -y librdkafka1`); it is loaded with ctypes, no Python packages.

Usage:
  python3 infra/kafka/mock-cluster.py [--brokers N] [--topic NAME:PARTITIONS ...]

Prints one JSON line on stdout once the brokers listen: {"bootstraps":"127.0.0.1:port,..."}.
Then reads commands on stdin, one per line, and answers each with one JSON line ({"ok":true} or
{"ok":false,"error":"..."}):
  broker_down ID                 close the broker's connections and refuse new ones (IDs are 1..N)
  broker_up ID                   bring it back
  request_errors APIKEY ERR,...  the next requests of that API key fail with these Kafka error codes, in order
  clear_request_errors APIKEY    forget pending injected errors for that API key
  create_topic NAME PARTITIONS   create a topic (replication factor min(3, N))
  partition_leader TOPIC PARTITION ID    move the partition's leader to broker ID: requests to the old leader
                                 answer NOT_LEADER_FOR_PARTITION until the client refreshes its metadata
  partition_follower TOPIC PARTITION ID  the broker a consumer is told to fetch from (KIP-392), -1 to clear
  coordinator KEYTYPE KEY ID     make broker ID the coordinator of a consumer group (KEYTYPE group) or a
                                 transactional id (KEYTYPE transaction), as a real cluster moves it when its broker fails
  ping                           answers {"ok":true}; lets a client check the process is alive
Exits cleanly (destroys the cluster) on EOF of stdin, SIGTERM or SIGINT.
"""

import ctypes
import ctypes.util
import json
import os
import signal
import sys

# VAKT_LIBRDKAFKA points at a specific build (e.g. a newer librdkafka); tests also use it to check the error path.
LIB_NAMES = ([os.environ["VAKT_LIBRDKAFKA"]] if os.environ.get("VAKT_LIBRDKAFKA")
             else ["librdkafka.so.1", ctypes.util.find_library("rdkafka") or "librdkafka.so"])
RD_KAFKA_PRODUCER = 0


def load_librdkafka():
    last_error = None
    for name in LIB_NAMES:
        try:
            return ctypes.CDLL(name)
        except OSError as err:
            last_error = err
    sys.stderr.write(
        json.dumps({"level": "error", "msg": "librdkafka not found: run `apt-get install -y librdkafka1`",
                    "cause": str(last_error)}) + "\n")
    sys.exit(3)


def bind(lib):
    """Declares the C signatures we call (librdkafka's rdkafka.h and rdkafka_mock.h)."""
    vp, cp, i32, i16 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_int16
    lib.rd_kafka_conf_new.restype = vp
    lib.rd_kafka_conf_set.argtypes = [vp, cp, cp, cp, ctypes.c_size_t]
    lib.rd_kafka_conf_set.restype = ctypes.c_int
    lib.rd_kafka_new.argtypes = [ctypes.c_int, vp, cp, ctypes.c_size_t]
    lib.rd_kafka_new.restype = vp
    lib.rd_kafka_destroy.argtypes = [vp]
    lib.rd_kafka_err2name.argtypes = [ctypes.c_int]
    lib.rd_kafka_err2name.restype = cp
    lib.rd_kafka_version_str.restype = cp
    lib.rd_kafka_mock_cluster_new.argtypes = [vp, ctypes.c_int]
    lib.rd_kafka_mock_cluster_new.restype = vp
    lib.rd_kafka_mock_cluster_destroy.argtypes = [vp]
    lib.rd_kafka_mock_cluster_bootstraps.argtypes = [vp]
    lib.rd_kafka_mock_cluster_bootstraps.restype = cp
    lib.rd_kafka_mock_topic_create.argtypes = [vp, cp, ctypes.c_int, ctypes.c_int]
    lib.rd_kafka_mock_topic_create.restype = ctypes.c_int
    lib.rd_kafka_mock_broker_set_down.argtypes = [vp, i32]
    lib.rd_kafka_mock_broker_set_down.restype = ctypes.c_int
    lib.rd_kafka_mock_broker_set_up.argtypes = [vp, i32]
    lib.rd_kafka_mock_broker_set_up.restype = ctypes.c_int
    # The array variant avoids calling a C varargs function through ctypes.
    lib.rd_kafka_mock_push_request_errors_array.argtypes = [vp, i16, ctypes.c_size_t, ctypes.POINTER(ctypes.c_int)]
    lib.rd_kafka_mock_push_request_errors_array.restype = None
    lib.rd_kafka_mock_clear_request_errors.argtypes = [vp, i16]
    lib.rd_kafka_mock_clear_request_errors.restype = None
    lib.rd_kafka_mock_partition_set_leader.argtypes = [vp, cp, i32, i32]
    lib.rd_kafka_mock_partition_set_leader.restype = ctypes.c_int
    lib.rd_kafka_mock_partition_set_follower.argtypes = [vp, cp, i32, i32]
    lib.rd_kafka_mock_partition_set_follower.restype = ctypes.c_int
    lib.rd_kafka_mock_coordinator_set.argtypes = [vp, cp, cp, i32]
    lib.rd_kafka_mock_coordinator_set.restype = ctypes.c_int


class MockCluster:
    def __init__(self, lib, brokers):
        self.lib = lib
        self.brokers = brokers
        errstr = ctypes.create_string_buffer(512)
        conf = lib.rd_kafka_conf_new()
        # The handle only hosts the mock cluster's thread; keep its own logging quiet and off stdout.
        lib.rd_kafka_conf_set(conf, b"log_level", b"3", errstr, len(errstr))
        # rd_kafka_mock_cluster_new needs a handle; a producer does not connect anywhere until it has brokers.
        self.rk = lib.rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, len(errstr))
        if not self.rk:
            raise RuntimeError("rd_kafka_new failed: " + errstr.value.decode())
        self.mc = lib.rd_kafka_mock_cluster_new(self.rk, brokers)
        if not self.mc:
            lib.rd_kafka_destroy(self.rk)
            raise RuntimeError("rd_kafka_mock_cluster_new failed")

    def bootstraps(self):
        return self.lib.rd_kafka_mock_cluster_bootstraps(self.mc).decode()

    def check(self, err, what):
        if err != 0:
            raise RuntimeError("%s failed: %s" % (what, self.lib.rd_kafka_err2name(err).decode()))

    def create_topic(self, name, partitions):
        rf = min(3, self.brokers)
        self.check(self.lib.rd_kafka_mock_topic_create(self.mc, name.encode(), int(partitions), rf), "create_topic")

    def broker_down(self, broker_id):
        self.check(self.lib.rd_kafka_mock_broker_set_down(self.mc, int(broker_id)), "broker_down")

    def broker_up(self, broker_id):
        self.check(self.lib.rd_kafka_mock_broker_set_up(self.mc, int(broker_id)), "broker_up")

    def request_errors(self, api_key, errors):
        arr = (ctypes.c_int * len(errors))(*errors)
        self.lib.rd_kafka_mock_push_request_errors_array(self.mc, int(api_key), len(errors), arr)

    def partition_leader(self, topic, partition, broker_id):
        # The mock keeps one log per partition whichever broker leads it, so a move loses nothing by itself; what it
        # tests is the client: the old leader refuses Produce/Fetch until the client re-reads metadata.
        self.check_broker(broker_id)
        self.check(self.lib.rd_kafka_mock_partition_set_leader(self.mc, topic.encode(), int(partition), int(broker_id)),
                   "partition_leader")

    def partition_follower(self, topic, partition, broker_id):
        if broker_id != -1:
            self.check_broker(broker_id)
        self.check(self.lib.rd_kafka_mock_partition_set_follower(self.mc, topic.encode(), int(partition), int(broker_id)),
                   "partition_follower")

    def coordinator(self, key_type, key, broker_id):
        if key_type not in ("group", "transaction"):
            raise ValueError("coordinator key type must be group or transaction, got %r" % key_type)
        self.check_broker(broker_id)
        self.check(self.lib.rd_kafka_mock_coordinator_set(self.mc, key_type.encode(), key.encode(), int(broker_id)),
                   "coordinator")

    def check_broker(self, broker_id):
        # librdkafka accepts any id here and the partition would then lead nowhere; refuse it like a typo.
        if not 1 <= broker_id <= self.brokers:
            raise ValueError("broker id must be 1..%d, got %d" % (self.brokers, broker_id))

    def clear_request_errors(self, api_key):
        self.lib.rd_kafka_mock_clear_request_errors(self.mc, int(api_key))

    def destroy(self):
        if self.mc:
            self.lib.rd_kafka_mock_cluster_destroy(self.mc)
            self.mc = None
        if self.rk:
            self.lib.rd_kafka_destroy(self.rk)
            self.rk = None


def parse_args(argv):
    brokers, topics = 1, []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--brokers" and i + 1 < len(argv):
            brokers = int(argv[i + 1])
            i += 2
        elif arg == "--topic" and i + 1 < len(argv):
            name, _, parts = argv[i + 1].rpartition(":")
            if not name or not parts.isdigit() or int(parts) < 1:
                raise ValueError("--topic expects NAME:PARTITIONS, got %r" % argv[i + 1])
            topics.append((name, int(parts)))
            i += 2
        else:
            raise ValueError("unknown argument %r (see the usage at the top of this script)" % arg)
    if brokers < 1 or brokers > 16:
        raise ValueError("--brokers must be 1..16, got %d" % brokers)
    return brokers, topics


def handle(cluster, line):
    parts = line.split()
    if not parts:
        return None
    cmd, args = parts[0], parts[1:]
    if cmd == "ping":
        pass
    elif cmd == "broker_down" and len(args) == 1:
        cluster.broker_down(int(args[0]))
    elif cmd == "broker_up" and len(args) == 1:
        cluster.broker_up(int(args[0]))
    elif cmd == "request_errors" and len(args) == 2:
        cluster.request_errors(int(args[0]), [int(e) for e in args[1].split(",") if e])
    elif cmd == "clear_request_errors" and len(args) == 1:
        cluster.clear_request_errors(int(args[0]))
    elif cmd == "partition_leader" and len(args) == 3:
        cluster.partition_leader(args[0], int(args[1]), int(args[2]))
    elif cmd == "partition_follower" and len(args) == 3:
        cluster.partition_follower(args[0], int(args[1]), int(args[2]))
    elif cmd == "coordinator" and len(args) == 3:
        cluster.coordinator(args[0], args[1], int(args[2]))
    elif cmd == "create_topic" and len(args) == 2:
        cluster.create_topic(args[0], int(args[1]))
    else:
        raise ValueError("unknown command or wrong arguments: %r" % cmd)
    return {"ok": True}


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def stop(_signum, _frame):
    # Raising here unwinds the blocking readline in the main loop so `finally` destroys the cluster.
    raise SystemExit(0)


def main():
    try:
        brokers, topics = parse_args(sys.argv[1:])
    except ValueError as err:
        sys.stderr.write(json.dumps({"level": "error", "msg": str(err)}) + "\n")
        return 2
    lib = load_librdkafka()
    bind(lib)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    cluster = MockCluster(lib, brokers)
    try:
        for name, partitions in topics:
            cluster.create_topic(name, partitions)
        reply({"bootstraps": cluster.bootstraps(), "librdkafka": lib.rd_kafka_version_str().decode()})
        for line in sys.stdin:
            try:
                answer = handle(cluster, line.strip())
            except (ValueError, RuntimeError) as err:
                answer = {"ok": False, "error": str(err)}
            if answer is not None:
                reply(answer)
    finally:
        cluster.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
