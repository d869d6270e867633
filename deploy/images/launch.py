"""Starts an unpacked image's entrypoint the way a container runtime would (build.sh --smoke): chroot into the
rootfs, the image's working directory, user and group, its Env plus the given overrides, then exec.

Usage: launch.py <config.json from `skopeo inspect --config`> <rootfs> [NAME=VALUE ...]
"""
import json
import os
import sys

config = json.load(open(sys.argv[1]))["config"]
env = dict(e.split("=", 1) for e in config["Env"] + sys.argv[3:])
user, group = config["User"].split(":")
os.chroot(sys.argv[2])
os.chdir(config["WorkingDir"])
os.setgroups([])
os.setgid(int(group))
os.setuid(int(user))
entry = config["Entrypoint"]
os.execve(entry[0], entry, env)
