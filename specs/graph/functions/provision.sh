#!/bin/sh
echo provisioning
