#!/usr/bin/env bash
# Prints a TCP port that nothing listens on right now, chosen by the kernel.
set -euo pipefail
node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
