#!/usr/bin/python3
"""Seeds a running trialdesk-server for the benchmarks, through its public API.

Creates PROJECTS active studies and enrols SUBJECTS subjects S0001... over them (the
ids the reference peers seed); publishes in each study the definition of the
questionnaire the wrk scripts submit (daily-symptoms, see DAILY_SYMPTOMS), so every
submission is validated as in a real study (--no-definitions: legacy studies without
one, which accept any answers, to measure what validation costs); then writes one line per subject, "<subjectId>
<subjectToken>", to OUT: the wrk scripts read it so that every request carries the
token of the subject it is about, as a patient app's would. Standard library only (Debian's python3).

  seed.py --url http://127.0.0.1:PORT --user admin --password-file F --out tokens.txt
"""
import argparse
import http.client
import json
import sys
import urllib.parse


def text(en, zh):
    return {"en": en, "zh_CN": zh}


# What bench/wrk/common.lua's questionnaire_request answers: every item required.
DAILY_SYMPTOMS = {
    "key": "daily-symptoms",
    "title": text("Daily symptoms", "每日症状"),
    "items": [
        {"key": "q1", "type": "ratingScale", "required": True, "label": text("Pain", "疼痛")},
        {"key": "q2", "type": "text", "required": True, "maxLength": 200, "label": text("Describe it", "描述")},
        {"key": "q3", "type": "multipleChoice", "required": True, "label": text("Symptoms", "症状"),
         "choices": [{"code": str(c), "label": text(f"Symptom {c}", f"症状{c}")} for c in range(1, 6)]},
        {"key": "bpSys", "type": "integer", "required": True, "min": 50, "max": 260, "unit": "mmHg",
         "label": text("Systolic", "收缩压")},
        {"key": "bpDia", "type": "integer", "required": True, "min": 30, "max": 160, "unit": "mmHg",
         "label": text("Diastolic", "舒张压")},
        {"key": "glucose", "type": "decimal", "required": True, "min": 1, "max": 35, "unit": "mmol/L",
         "label": text("Glucose", "血糖")},
    ],
}


class Api:
    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.token = None

    def call(self, method, path, body=None, expect=(200, 201)):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        payload = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=payload, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status not in expect:
            sys.exit(f"seed: {method} {path} answered {response.status}: {data[:300]!r}")
        return json.loads(data) if data else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-definitions", action="store_true")
    # A daily 08:00 schedule (two-hour window) for daily-symptoms, so that intake also
    # matches every submission to its expected entry (bench/intake-cost).
    parser.add_argument("--schedules", action="store_true")
    # Its opening time (local, the studies' zone) and window: bench/intake-cost's
    # open-entries mode opens it a minute before the run, so every submission fulfils it.
    parser.add_argument("--schedule-at", default="08:00")
    parser.add_argument("--window", type=int, default=120)
    args = parser.parse_args()

    api = Api(args.url)
    with open(args.password_file) as f:
        password = f.read().strip()
    api.token = api.call("POST", "/api/v1/auth/login", {"username": args.user, "password": password})["token"]

    sites = ["Beijing", "Shanghai", "Guangzhou", "Chengdu"]
    codes = []
    for p in range(args.projects):
        code = f"BENCH{p + 1:03d}"
        api.call("POST", "/api/v1/projects", {
            "code": code, "title": f"Benchmark study {p + 1}", "phase": "III", "status": "active",
            "sites": sites, "targetEnrollment": args.subjects // args.projects + 1,
        })
        codes.append(code)
        if not args.no_definitions:
            api.call("POST", f"/api/v1/projects/{code}/questionnaires", DAILY_SYMPTOMS)
            api.call("POST", f"/api/v1/projects/{code}/questionnaires/daily-symptoms/versions/1/publish",
                     {"password": password, "meaning": "Approved for the benchmark"})
            if args.schedules:
                api.call("PUT", f"/api/v1/projects/{code}/schedules/daily-symptoms", {
                    "rule": "daily", "at": args.schedule_at, "windowMinutes": args.window, "anchor": "enrolment",
                    "startDay": 0,
                })

    with open(args.out, "w") as out:
        for s in range(args.subjects):
            code = codes[s % len(codes)]
            enrolled = api.call("POST", f"/api/v1/projects/{code}/subjects", {
                "subjectId": f"S{s + 1:04d}",
                "name": f"受试者{s + 1}", "phone": f"188{s:08d}", "site": sites[s % len(sites)],
                "sex": "female" if s % 2 else "male", "birthYear": 1950 + s % 50,
            })
            out.write(f"{enrolled['subjectId']} {enrolled['subjectToken']}\n")
    print(f"seeded {len(codes)} studies and {args.subjects} subjects with tokens into {args.out}")


if __name__ == "__main__":
    main()
