"""Installs the project's command-line tool, `st` (the README's Quick start uses ./st, which is the same)."""

from setuptools import find_packages, setup

setup(
	name="stronger-together-tools",
	version="0.1.0",
	description="Set up, run and test the Stronger Together Frappe app",
	package_dir={"": "tools"},
	packages=find_packages("tools"),
	python_requires=">=3.10",
	entry_points={"console_scripts": ["st=st_tool.__main__:main"]},
)
