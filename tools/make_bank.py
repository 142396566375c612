#!/usr/bin/env python3
"""Generate the FIRST version of the bundled "backend-interview" quiz deck.

Reads quizzes/source/backend-interview.md (a Markdown list of 100 numbered
questions, each followed by an `**Explanation**:` line, grouped under `##`
category headings) and writes the deck JSON: one multiple-choice question per
item, whose choices are the hand-written summary of its own explanation plus
the summaries of three other questions of the same category.

This script only produces the starting point. quizzes/backend-interview.json
is then curated by hand (each question's `concept` and `keywords` exist only
there), so do NOT re-run it over a curated deck without care: diff the output
against the committed deck and merge by hand.

Usage:
    python3 tools/make_bank.py --out quizzes/backend-interview.json

Python 3.11 standard library only; the output is deterministic.
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO / "quizzes" / "source" / "backend-interview.md"

DECK_ID = "backend-interview"
TITLE = "Backend interview: 100 questions"
DESCRIPTION = ("A hundred common backend-development interview questions, each "
               "answered by picking the summary that matches its explanation.")
TIME_LIMIT_S = 30
POINTS = 1000
MAX_SUMMARY = 160

# One sentence per question, true to its explanation, written so that it does
# not simply echo the key term of the question it answers.
SUMMARIES = {
    # Programming Fundamentals
    "q001": "One is translated to machine code before it runs (faster), the other executes line by line (more flexible but slower).",
    "q002": "Automatic reclaiming of memory from unused objects, e.g. by mark-and-sweep or reference counting, at some cost in latency.",
    "q003": "An anonymous inline function for short one-off operations such as map, filter or event handlers; overuse hurts readability.",
    "q004": "Types declared and checked at compile time catch errors early; types decided at runtime add flexibility but risk runtime errors.",
    "q005": "Same output for the same input and no side effects, which makes code predictable and easy to test.",
    # Data Structures and Algorithms
    "q006": "A prefix tree whose nodes are characters, giving O(m) insert and prefix search (e.g. autocomplete) at a memory cost.",
    "q007": "Both allow at most two children per node, but only one orders them (smaller left, larger right) for efficient searching.",
    "q008": "Keeping a moving range of array or string elements to cut a problem from O(n²) to O(n), e.g. the longest unique-character substring.",
    "q009": "Nodes joined by edges, explored depth-first with recursion or a stack, or breadth-first with a queue, in O(V + E).",
    "q010": "A hash map for O(1) lookup plus a doubly linked list: move accessed items to the front and evict from the tail when full.",
    # Databases
    "q011": "A column referencing another table's primary key to enforce referential integrity, at the cost of slower writes.",
    "q012": "A sequence of operations treated as one unit under ACID, so partial updates such as a half-done money transfer cannot happen.",
    "q013": "Deliberately adding redundancy to speed up read-heavy queries, at the cost of more storage and harder updates.",
    "q014": "Both enforce uniqueness, but one identifies each record and can never be null, while the other may allow nulls.",
    "q015": "Query results stored physically and refreshed periodically, versus a virtual table recomputed each time it is accessed.",
    # APIs and Web Services
    "q016": "A high-performance, action-based framework over HTTP/2 and Protocol Buffers, faster than JSON resource APIs and able to stream both ways.",
    "q017": "A reverse proxy in front of backend services that routes requests and centralises authentication, rate limiting and monitoring.",
    "q018": "A strict XML messaging protocol common in enterprises, versus a simpler, more flexible architectural style using JSON over HTTP.",
    "q019": "Responses carry links to the actions a client can take next, making the API self-discoverable but more complex.",
    "q020": "A formal definition of endpoints and data formats that enables generated documentation, tests and client code.",
    # System Design
    "q021": "Chunked object storage, a metadata database and client sync with conflict resolution, plus sharding, versioning and encryption.",
    "q022": "Edge servers near users cache static files such as images and videos, with DNS routing each request to the nearest one.",
    "q023": "Every read seeing the latest write, versus tolerating temporary inconsistencies in exchange for better availability.",
    "q024": "WebSockets for real-time delivery, a message queue such as Kafka, Cassandra for storage, and end-to-end encryption.",
    "q025": "Routing a user's requests to the same server by session ID; it keeps stateful apps working but can unbalance the load.",
    # Security
    "q026": "Injection of malicious scripts into pages other users view, prevented by sanitising input, escaping output and CSP headers.",
    "q027": "An attacker intercepting client-server traffic, countered with HTTPS/TLS, certificate pinning and HSTS.",
    "q028": "A fixed-length, irreversible digest of the input, used for password storage, integrity checks and digital signatures.",
    "q029": "Granting users and processes only the permissions their tasks need, which limits the damage of a breach.",
    "q030": "A credential such as a JWT, sent with API requests to prove the caller's identity or permissions.",
    # Concurrency and Multithreading
    "q031": "An exclusive lock held by one thread at a time, versus a counter that can admit several threads at once.",
    "q032": "A thread perpetually denied resources by higher-priority ones; avoided with fair scheduling or lock-free algorithms.",
    "q033": "A classic illustration of deadlock over shared forks, solved by a resource hierarchy, timeouts or a waiter that hands out resources.",
    "q034": "Lets threads wait, together with a mutex, until some condition becomes true, e.g. for producer-consumer signalling.",
    "q035": "A new process with its own memory, versus a lightweight execution unit that shares memory within the same process.",
    # Networking
    "q036": "Seven layers from Physical to Application; backend work mostly concerns the Application (HTTP) and Transport (TCP) layers.",
    "q037": "A persistent full-duplex connection, unlike request-response HTTP, used for chat, gaming and live notifications.",
    "q038": "Mapping private IP addresses to a shared public one, which complicates direct connections and calls for STUN/TURN servers.",
    "q039": "32-bit addresses limited to about 4.3 billion, versus 128-bit addresses that support vastly more devices.",
    "q040": "Resolving an IP address back to a domain name, used to verify mail servers or make logs readable.",
    # Performance Optimization
    "q041": "Choosing the best execution plan via indexes, rewritten queries or hints, with tools like EXPLAIN to find inefficiencies.",
    "q042": "Reusing one TCP connection for many HTTP requests to cut latency and resource use on busy systems.",
    "q043": "Splitting a table into parts on one server, versus distributing data across many servers for scalability.",
    "q044": "Analysing code execution to find bottlenecks such as slow functions or memory leaks, e.g. with VisualVM or cProfile.",
    "q045": "Handling large data volumes in groups to reduce overhead, e.g. ETL, log analysis or billing with Apache Spark.",
    # Testing and Debugging
    "q046": "Generating random inputs to check rules that must always hold (a sort always returns sorted output), with tools like Hypothesis.",
    "q047": "A quick check of basic functionality, such as critical endpoints and database connectivity, before fuller testing.",
    "q048": "Testing through inputs and outputs without seeing the internals, versus examining the code's structure, as in unit tests.",
    "q049": "Centralising the records of many services in one system such as the ELK Stack to debug and monitor distributed systems.",
    "q050": "Deliberately injecting failures, such as shutting down servers, to test resilience and fault tolerance in production.",
    # Frameworks and Tools
    "q051": "A lightweight, flexible Python framework for small APIs, versus a full-stack one with a built-in ORM and admin panels.",
    "q052": "A minimal Node.js framework for web servers and APIs, popular for its simplicity and middleware support.",
    "q053": "Automating dependency management, compilation, testing and deployment for Java projects, configured in XML or Groovy/Kotlin.",
    "q054": "A schema with resolvers that lets clients request exactly the fields they need, avoiding the over-fetching common with REST.",
    "q055": "An automation tool that configures servers and deploys applications from YAML playbooks for consistent environments.",
    # Cloud and DevOps
    "q056": "Software such as Kubernetes or Docker Swarm that deploys, scales and networks services for high availability and fault tolerance.",
    "q057": "Shared provider infrastructure that scales easily, versus infrastructure dedicated to one organisation with more control at higher cost.",
    "q058": "Stateless code, e.g. on AWS Lambda, that the provider runs in response to triggers such as HTTP requests.",
    "q059": "An automated path from commit to production that runs tests, builds artifacts and deploys, e.g. with Jenkins or GitLab CI.",
    "q060": "Switching all traffic between two identical environments, versus releasing first to a small subset of users while monitoring.",
    # Error Handling and Logging
    "q061": "Emitting records as machine-readable data such as JSON instead of plain text, so tools like Logstash or Splunk can parse them.",
    "q062": "Middleware, such as an Express handler, that catches failures, returns a friendly response and keeps the system from crashing.",
    "q063": "Failures like losing the database that bring a system down, versus recoverable ones like bad input, handled by retries or feedback.",
    "q064": "A status route that load balancers and monitoring tools poll to verify that a service and its dependencies are available.",
    "q065": "Alternative behaviour when a primary operation fails, such as serving cached data, for graceful degradation.",
    # Scalability and Distributed Systems
    "q066": "Synchronises access to a shared resource across servers, e.g. via Redis or ZooKeeper, so only one instance processes a task.",
    "q067": "All functionality in one application, versus services organised around business functions for reuse and scalability.",
    "q068": "Routing and transforming messages between producers and consumers, versus simply storing them for ordered processing.",
    "q069": "Fast data storage spread over several nodes, e.g. Redis or Memcached, for sessions, query results or rate limiting.",
    "q070": "Lets distributed nodes agree on a single state, e.g. Raft or Paxos, for leader election and replicated databases.",
    # Authentication and Authorization
    "q071": "Single sign-on through XML messages exchanged between an identity provider and a service provider, common in enterprises.",
    "q072": "A long-lived credential, stored securely, used to obtain fresh short-lived access credentials without logging in again.",
    "q073": "Deciding access from properties such as a user's role or location instead of fixed roles alone, for fine-grained policies.",
    "q074": "Asking for a password plus something else, such as an SMS code or biometrics, before a user is let in.",
    "q075": "Invalidating credentials such as JWTs before they expire, e.g. on logout or compromise, by keeping a deny list or database.",
    # Advanced Topics
    "q076": "A trial phase letting a few requests reach a recovering service: success resumes normal traffic, failure blocks it again.",
    "q077": "Separate models for reads and writes, for systems such as e-commerce where the two access patterns differ greatly.",
    "q078": "Following each request across microservices, e.g. with Jaeger or Zipkin, to see where latency and errors arise.",
    "q079": "A live directory of running instances and their addresses that enables discovery, load balancing and fault tolerance.",
    "q080": "Modelling code on the business itself through entities, aggregates and bounded contexts, so it reflects business logic.",
    # Practical Coding Questions
    "q081": "Compare characters with two pointers from both ends, ignoring case and non-alphanumerics: O(n) time, O(1) space.",
    "q082": "Use @PostMapping with @Valid input, save through JPA, return 201 Created and handle duplicates or invalid data.",
    "q083": "GROUP BY the column and keep groups HAVING COUNT(*) > 1; index that column for large tables.",
    "q084": "Push onto one LIFO pile and pop from a second refilled from the first, so items leave in arrival order; guard it for concurrent use.",
    "q085": "Match the input against a regular expression, handle edge cases and return meaningful errors, or rely on a library.",
    # Problem-Solving and Scenarios
    "q086": "Fail over to a replica, serve cached data, tell users about degraded service, then find the root cause and restore the primary.",
    "q087": "Profile APIs, optimise queries, put static content on a CDN, compress responses and shrink payloads.",
    "q088": "Encrypt at rest and in transit, keep secrets in environment variables, apply least privilege, rotate keys and audit access.",
    "q089": "Collaborative or content-based filtering over stored user preferences, using ML or simple rules, with cached results.",
    "q090": "Check logs and inputs, reproduce in a test environment, trace and fix the bug, then add tests against regression.",
    # Miscellaneous
    "q091": "Wraps HTTP requests in a programmatic interface to ease integration; often generated from specs like OpenAPI.",
    "q092": "A commitment to performance and availability, such as 99.9% uptime, that guides design, monitoring and incident response.",
    "q093": "A backup that can take over instantly, versus a cheaper one that needs manual setup and takes longer to recover.",
    "q094": "Limiting how many requests a client may make, e.g. with a token bucket in middleware, answering 429 when exceeded.",
    "q095": "Simulating heavy traffic, e.g. with JMeter or Locust, to measure performance under stress and find bottlenecks.",
    "q096": "A switch that turns functionality on or off without code changes, enabling gradual rollouts and A/B tests.",
    "q097": "Code run automatically on events such as an insert, versus code that must be called explicitly for complex logic.",
    "q098": "A helper container deployed next to the main one to handle concerns like logging or monitoring without changing the app.",
    "q099": "Routes client requests to the right microservice and adds load balancing, caching and security, e.g. NGINX or Traefik.",
    "q100": "Code comments, API specs and architecture diagrams that keep a system maintainable and help onboarding and API use.",
}

TITLE_RE = re.compile(r"^# (.+?)\s*$")
CATEGORY_RE = re.compile(r"^## (.+?)\s*$")
QUESTION_RE = re.compile(r"^(\d+)\. \*\*(.+)\*\*\s*$")
EXPLANATION_RE = re.compile(r"^\s+\*\*Explanation\*\*: (.+?)\s*$")


def parse(text):
    """Return (source title, [{number, category, prompt, explanation}])."""
    title, category, items = None, None, []
    for line in text.splitlines():
        if m := TITLE_RE.match(line):
            title = m.group(1)
        elif m := CATEGORY_RE.match(line):
            category = m.group(1)
        elif m := QUESTION_RE.match(line):
            items.append({"number": int(m.group(1)), "category": category,
                          "prompt": m.group(2), "explanation": None})
        elif m := EXPLANATION_RE.match(line):
            if not items or items[-1]["explanation"] is not None:
                sys.exit(f"explanation without a question: {line!r}")
            items[-1]["explanation"] = m.group(1)
    for n, item in enumerate(items, 1):
        if item["number"] != n or not item["category"] or not item["explanation"]:
            sys.exit(f"malformed question {n}: {item}")
    return title, items


def build(title, items):
    qids = [f"q{n:03d}" for n in range(1, len(items) + 1)]
    if set(qids) != set(SUMMARIES):
        sys.exit("SUMMARIES must have exactly one entry per question")
    for qid, s in SUMMARIES.items():
        if len(s) > MAX_SUMMARY or not s.endswith("."):
            sys.exit(f"{qid}: summary too long or missing its period")
    by_category = {}
    for qid, item in zip(qids, items):
        by_category.setdefault(item["category"], []).append(qid)

    # Each answer position is used equally often, in a shuffled order.
    positions = [n % 4 for n in range(len(qids))]
    random.Random(DECK_ID).shuffle(positions)

    questions = []
    for qid, item, answer in zip(qids, items, positions):
        rng = random.Random(qid)
        others = [o for o in by_category[item["category"]] if o != qid]
        choices = [SUMMARIES[o] for o in rng.sample(others, 3)]
        choices.insert(answer, SUMMARIES[qid])
        if len(set(choices)) != 4:
            sys.exit(f"{qid}: choices are not distinct")
        questions.append({
            "id": qid,
            "category": item["category"],
            "kind": "choice",
            "prompt": item["prompt"],
            "choices": choices,
            "answer": answer,
            "time_limit_s": TIME_LIMIT_S,
            "points": POINTS,
            "explanation": item["explanation"],
            "summary": SUMMARIES[qid],
        })
    return {"id": DECK_ID, "title": TITLE, "description": DESCRIPTION,
            "source": title, "questions": questions}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                    help="Markdown question list (default: %(default)s)")
    ap.add_argument("--out", type=Path, help="output JSON path (default: stdout)")
    args = ap.parse_args()

    deck = build(*parse(args.source.read_text(encoding="utf-8")))
    text = json.dumps(deck, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
